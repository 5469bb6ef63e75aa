// A request a wire format can carry but the canonical request cannot (or the format's own API
// would refuse): a 400 naming the parameter. Shared by the OpenAI and Anthropic formats.
import { DomainError } from '../../errors';

export class RequestParamError extends DomainError {
  constructor(readonly param: string, message: string) {
    super('invalid', 'invalid_request', message, { param });
  }
}
