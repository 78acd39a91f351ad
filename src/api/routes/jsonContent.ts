import type { z } from '@hono/zod-openapi';

/** A route's JSON request body or response, for createRoute: its schema and what it is. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
