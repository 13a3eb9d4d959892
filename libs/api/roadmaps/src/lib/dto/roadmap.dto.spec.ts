import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ImportRoadmapDto, UpdateRoadmapSettingsDto } from './roadmap.dto';

async function errorsOf<T extends object>(type: new () => T, body: object): Promise<string[]> {
  const errors = await validate(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true });
  return errors.map((error) => error.property);
}

describe('roadmap DTOs', () => {
  it.each([
    [{ materializeDaysAhead: 0 }, []],
    [{ materializeDaysAhead: 90, status: 'archived' }, []],
    [{ materializeDaysAhead: 91 }, ['materializeDaysAhead']],
    [{ materializeDaysAhead: -1 }, ['materializeDaysAhead']],
    [{ materializeDaysAhead: 1.5 }, ['materializeDaysAhead']],
    [{ status: 'deleted' }, ['status']],
    [{ code: 'other' }, ['code']],
  ])('settings %o → errors in %o', async (body, expected) => {
    expect(await errorsOf(UpdateRoadmapSettingsDto, body)).toEqual(expected);
  });

  it('requires the YAML text on import', async () => {
    expect(await errorsOf(ImportRoadmapDto, {})).toEqual(['yaml']);
    expect(await errorsOf(ImportRoadmapDto, { yaml: '' })).toEqual(['yaml']);
    expect(await errorsOf(ImportRoadmapDto, { yaml: 'version: 1' })).toEqual([]);
  });
});
