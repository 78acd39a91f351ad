import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { formatAmount } from '../../money/formatAmount.js';
import type { Employee } from '../../payroll/Employee.js';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { requireRole } from '../auth/requireRole.js';
import {
  employeeCreateSchema,
  employeeImportReportSchema,
  employeeImportRequestSchema,
  employeePatchSchema,
  employeeSchema,
} from '../schemas/payrollSchemas.js';
import { jsonContent } from './jsonContent.js';

const readers = requireRole('viewer', 'approver', 'compliance');
const writers = requireRole('admin');
const companyParams = z.object({ id: z.string().min(1).max(63).openapi({ example: 'acme' }) });
const employeeParams = companyParams.extend({ employeeId: z.string().min(1).max(64).openapi({ example: 'E001' }) });

const listEmployeesRoute = createRoute({
  method: 'get',
  path: '/v1/companies/{id}/employees',
  tags: ['payroll'],
  summary: "A company's employees by employee id; search by name, email or id; page with `cursor`",
  middleware: [readers] as const,
  request: {
    params: companyParams,
    query: z.object({
      search: z.string().max(200).optional(),
      active: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      cursor: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ employees: z.array(employeeSchema), total: z.number().int(), nextCursor: z.string().nullable() }),
      'A page of employees',
    ),
  },
});

const createEmployeeRoute = createRoute({
  method: 'post',
  path: '/v1/companies/{id}/employees',
  tags: ['payroll'],
  summary: 'Add one employee, checked as an import row is',
  middleware: [writers] as const,
  request: { params: companyParams, body: { ...jsonContent(employeeCreateSchema, 'The employee'), required: true } },
  responses: { 201: jsonContent(employeeSchema, 'Created') },
});

const getEmployeeRoute = createRoute({
  method: 'get',
  path: '/v1/companies/{id}/employees/{employeeId}',
  tags: ['payroll'],
  summary: 'One employee',
  middleware: [readers] as const,
  request: { params: employeeParams },
  responses: { 200: jsonContent(employeeSchema, 'The employee') },
});

const patchEmployeeRoute = createRoute({
  method: 'patch',
  path: '/v1/companies/{id}/employees/{employeeId}',
  tags: ['payroll'],
  summary: 'Change an employee (the whole employee is checked again); `active: false` takes them off pay runs',
  middleware: [writers] as const,
  request: {
    params: employeeParams,
    body: { ...jsonContent(employeePatchSchema, 'Fields to change'), required: true },
  },
  responses: { 200: jsonContent(employeeSchema, 'The changed employee') },
});

const importRoute = createRoute({
  method: 'post',
  path: '/v1/companies/{id}/employees/import',
  tags: ['payroll'],
  summary:
    'Import employees from CSV (employee_id,full_name,email,country,iban,bic,wallet,gross_monthly,currency,split). ' +
    'Any invalid row writes nothing unless skipInvalid; dryRun only checks. An existing employee_id is updated. ' +
    'The answer is 200 with a report either way: `written` says whether anything was stored.',
  middleware: [writers] as const,
  request: {
    params: companyParams,
    body: { ...jsonContent(employeeImportRequestSchema, 'The CSV text'), required: true },
  },
  responses: { 200: jsonContent(employeeImportReportSchema, 'What was (or would be) imported, and every invalid row') },
});

export function serializeEmployee(employee: Employee) {
  return {
    ...employee,
    grossMonthly: formatAmount(employee.grossMonthly, employee.currency),
    grossMonthlyMinor: employee.grossMonthly.toString(),
    createdAt: employee.createdAt.toISOString(),
    updatedAt: employee.updatedAt.toISOString(),
  };
}

export function registerEmployeeRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const actor = (c: { get(key: 'principal'): { keyId: string } }) => ({ actor: `key:${c.get('principal').keyId}` });

  app.openapi(listEmployeesRoute, async (c) => {
    const { search, active, limit, cursor } = c.req.valid('query');
    const page = await platform.employees.list(c.req.valid('param').id, {
      search,
      active: active === undefined ? undefined : active === 'true',
      limit,
      after: cursor,
    });
    return c.json({ ...page, employees: page.employees.map(serializeEmployee) }, 200);
  });

  app.openapi(createEmployeeRoute, async (c) => {
    const employee = await platform.employees.create(c.req.valid('param').id, c.req.valid('json'), actor(c));
    return c.json(serializeEmployee(employee), 201);
  });

  app.openapi(getEmployeeRoute, async (c) => {
    const { id, employeeId } = c.req.valid('param');
    return c.json(serializeEmployee(await platform.employees.get(id, employeeId)), 200);
  });

  app.openapi(patchEmployeeRoute, async (c) => {
    const { id, employeeId } = c.req.valid('param');
    const employee = await platform.employees.update(id, employeeId, c.req.valid('json'), actor(c));
    return c.json(serializeEmployee(employee), 200);
  });

  app.openapi(importRoute, async (c) => {
    const { csv, skipInvalid, dryRun } = c.req.valid('json');
    const report = await platform.employees.importCsv(c.req.valid('param').id, csv, {
      skipInvalid,
      dryRun,
      ...actor(c),
    });
    return c.json(report, 200);
  });
}
