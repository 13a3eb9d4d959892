import { JwtService } from '@nestjs/jwt';
import { AppConfig, type Env } from '@karta/server-config';
import { TokenService } from './token.service';

describe('TokenService', () => {
  const config = new AppConfig({ JWT_SECRET: 's'.repeat(64), JWT_ACCESS_TTL_SECONDS: 900 } as Env);
  const tokens = new TokenService(config);

  it('round-trips the user id and the issue time to the millisecond', async () => {
    const issuedAt = new Date(Date.now() - 1234);
    const token = await tokens.issueAccessToken('user-1', issuedAt);
    await expect(tokens.verifyAccessToken(token)).resolves.toEqual({ userId: 'user-1', issuedAt: issuedAt.getTime() });
  });

  it('refuses a token signed with another secret, or without an issue time', async () => {
    const other = new TokenService(new AppConfig({ JWT_SECRET: 'o'.repeat(64), JWT_ACCESS_TTL_SECONDS: 900 } as Env));
    await expect(tokens.verifyAccessToken(await other.issueAccessToken('user-1'))).resolves.toBeNull();
    const noIat = await new JwtService().signAsync(
      { sub: 'user-1' },
      { secret: 's'.repeat(64), issuer: 'karta', audience: 'karta-api', noTimestamp: true, expiresIn: 60 },
    );
    await expect(tokens.verifyAccessToken(noIat)).resolves.toBeNull();
    await expect(tokens.verifyAccessToken('garbage')).resolves.toBeNull();
  });

  it('refuses an expired token', async () => {
    const token = await tokens.issueAccessToken('user-1', new Date(Date.now() - 901_000));
    await expect(tokens.verifyAccessToken(token)).resolves.toBeNull();
  });

  it('stops accepting a token it verified before once the token expires', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const token = await tokens.issueAccessToken('user-2');
      await expect(tokens.verifyAccessToken(token)).resolves.toEqual(expect.objectContaining({ userId: 'user-2' }));
      jest.setSystemTime(Date.now() + 899_000);
      await expect(tokens.verifyAccessToken(token)).resolves.toEqual(expect.objectContaining({ userId: 'user-2' }));
      jest.setSystemTime(Date.now() + 2_000);
      await expect(tokens.verifyAccessToken(token)).resolves.toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });
});
