// Fastify validates with draft-07 Ajv by default; ours is Ajv 2020 (stack.md), the dialect our
// scenario schema is written in. Two instances: query strings and route parameters arrive as
// text and are coerced to the schema's types; JSON bodies are never coerced, so `"amount": "5"`
// is an error rather than a silent conversion.

import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifySchemaCompiler } from 'fastify';

// strict: false because route schemas carry OpenAPI annotations (`example`) Ajv does not know.
const textAjv = new Ajv2020({ coerceTypes: 'array', useDefaults: true, allErrors: true, strict: false });
const bodyAjv = new Ajv2020({ coerceTypes: false, useDefaults: true, allErrors: true, strict: false });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object);
};
