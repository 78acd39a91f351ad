import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import type { companySchema } from '../../src/api/schemas/payrollSchemas.js';
import type { ApiProblem } from './api/client.js';
import { useResource } from './api/useResource.js';

export type Company = z.infer<typeof companySchema>;

type CompanyContextValue = {
  companies: Company[] | undefined;
  company: Company | undefined;
  error: ApiProblem | undefined;
  select: (id: string) => void;
  reload: () => Promise<void>;
};

const CompanyContext = createContext<CompanyContextValue | undefined>(undefined);
const storageKey = 'tandem.company';

/** The companies the caller can see and the one the screens show (remembered in this browser). */
export function CompanyProvider({ children }: { children: ReactNode }) {
  const resource = useResource<{ companies: Company[] }>('/v1/companies');
  const [selected, setSelected] = useState<string | null>(() => localStorage.getItem(storageKey));
  const companies = resource.data?.companies;
  const company = useMemo(
    () => companies?.find((candidate) => candidate.id === selected) ?? companies?.[0],
    [companies, selected],
  );
  useEffect(() => {
    if (company && company.id !== selected) setSelected(company.id);
  }, [company, selected]);
  const select = useCallback((id: string) => {
    localStorage.setItem(storageKey, id);
    setSelected(id);
  }, []);
  return (
    <CompanyContext.Provider value={{ companies, company, error: resource.error, select, reload: resource.reload }}>
      {children}
    </CompanyContext.Provider>
  );
}

export function useCompany(): CompanyContextValue {
  const value = useContext(CompanyContext);
  if (!value) throw new Error('useCompany outside CompanyProvider');
  return value;
}
