import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Company } from '../../payroll/Company.js';
import type { TaxProfile } from '../../payroll/tax/TaxProfile.js';
import { taxProfiles } from '../../payroll/tax/taxProfiles.js';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { requireRole } from '../auth/requireRole.js';
import { companyCreateSchema, companyPatchSchema, companySchema, taxProfileSchema } from '../schemas/payrollSchemas.js';
import { jsonContent } from './jsonContent.js';

const readers = requireRole('viewer', 'approver', 'compliance');
const writers = requireRole('admin');
const companyParams = z.object({ id: z.string().min(1).max(63).openapi({ example: 'acme' }) });

const createCompanyRoute = createRoute({
  method: 'post',
  path: '/v1/companies',
  tags: ['payroll'],
  summary: 'Create a company: bank account, tax profile, approvers (N of M), crypto assets',
  middleware: [writers] as const,
  request: { body: { ...jsonContent(companyCreateSchema, 'The company'), required: true } },
  responses: { 201: jsonContent(companySchema, 'Created') },
});

const listCompaniesRoute = createRoute({
  method: 'get',
  path: '/v1/companies',
  tags: ['payroll'],
  summary: 'List companies by id',
  middleware: [readers] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      offset: z.coerce.number().int().min(0).optional(),
    }),
  },
  responses: { 200: jsonContent(z.object({ companies: z.array(companySchema) }), 'Companies') },
});

const getCompanyRoute = createRoute({
  method: 'get',
  path: '/v1/companies/{id}',
  tags: ['payroll'],
  summary: 'One company',
  middleware: [readers] as const,
  request: { params: companyParams },
  responses: { 200: jsonContent(companySchema, 'The company') },
});

const patchCompanyRoute = createRoute({
  method: 'patch',
  path: '/v1/companies/{id}',
  tags: ['payroll'],
  summary: 'Change a company (not its id or base currency); the vault address is set here once deployed',
  middleware: [writers] as const,
  request: { params: companyParams, body: { ...jsonContent(companyPatchSchema, 'Fields to change'), required: true } },
  responses: { 200: jsonContent(companySchema, 'The changed company') },
});

const taxProfilesRoute = createRoute({
  method: 'get',
  path: '/v1/tax-profiles',
  tags: ['payroll'],
  summary: 'The tax profiles Tandem ships: EXAMPLES with their sources, not tax advice',
  middleware: [readers] as const,
  responses: { 200: jsonContent(z.object({ profiles: z.array(taxProfileSchema) }), 'Tax profiles') },
});

export function serializeCompany(company: Company) {
  return { ...company, createdAt: company.createdAt.toISOString(), updatedAt: company.updatedAt.toISOString() };
}

function serializeTaxProfile(profile: TaxProfile) {
  const contribution = (c: TaxProfile['employerContributions'][number]) => ({
    name: c.name,
    rate: c.rate,
    annualFloor: (c.annualFloor ?? 0n).toString(),
    annualCeiling: c.annualCeiling === null ? null : c.annualCeiling.toString(),
  });
  return {
    ...profile,
    incomeTax: {
      name: profile.incomeTax.name,
      basicAllowance: profile.incomeTax.basicAllowance.toString(),
      brackets: profile.incomeTax.brackets.map((b) => ({ from: b.from.toString(), rate: b.rate })),
    },
    employeeContributions: profile.employeeContributions.map((c) => ({
      ...contribution(c),
      deductibleFromTaxableIncome: c.deductibleFromTaxableIncome,
    })),
    employerContributions: profile.employerContributions.map(contribution),
  };
}

export function registerCompanyRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const actor = (c: { get(key: 'principal'): { keyId: string } }) => ({ actor: `key:${c.get('principal').keyId}` });

  app.openapi(createCompanyRoute, async (c) => {
    const company = await platform.companies.create(c.req.valid('json'), actor(c));
    return c.json(serializeCompany(company), 201);
  });

  app.openapi(listCompaniesRoute, async (c) => {
    const companies = await platform.companies.list(c.req.valid('query'));
    return c.json({ companies: companies.map(serializeCompany) }, 200);
  });

  app.openapi(getCompanyRoute, async (c) =>
    c.json(serializeCompany(await platform.companies.get(c.req.valid('param').id)), 200),
  );

  app.openapi(patchCompanyRoute, async (c) => {
    const company = await platform.companies.update(c.req.valid('param').id, c.req.valid('json'), actor(c));
    return c.json(serializeCompany(company), 200);
  });

  app.openapi(taxProfilesRoute, (c) => c.json({ profiles: [...taxProfiles.values()].map(serializeTaxProfile) }, 200));
}
