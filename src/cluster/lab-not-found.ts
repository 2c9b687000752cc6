// The 404 of a lab that does not exist (or that the caller may not see), apart from labs.ts so
// the cluster's read paths can raise it without importing the lab directory.
import { ApiError } from '../domain/apimachinery/errors';

export function labNotFound(labId: string): ApiError {
  return new ApiError(404, 'NotFound', `lab "${labId}" not found`, { name: labId, kind: 'labs' });
}
