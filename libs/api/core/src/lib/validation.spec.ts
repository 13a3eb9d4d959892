import type { ValidationError } from '@nestjs/common';
import { toFieldErrors } from './validation';

describe('toFieldErrors', () => {
  it('flattens nested and array errors into dotted paths', () => {
    const errors: ValidationError[] = [
      { property: 'email', constraints: { isEmail: 'bad e-mail' }, children: [] },
      {
        property: 'items',
        children: [
          {
            property: '0',
            children: [{ property: 'title', constraints: { isNotEmpty: 'required', maxLength: 'too long' }, children: [] }],
          },
        ],
      },
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'email', messages: ['bad e-mail'] },
      { field: 'items.0.title', messages: ['required', 'too long'] },
    ]);
  });
});
