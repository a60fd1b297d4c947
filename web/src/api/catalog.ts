import { useQuery } from '@tanstack/react-query';
import { api, query } from './client';
import type { TItemDetail } from '../../../server/src/modules/catalog/schema';

/** 申请材料 as the item lists them: stable id (M01 …), requirement, 容缺, stand-ins. */
export type ListedMaterial = TItemDetail['materials'][number];

export interface FormField {
  key: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'phone';
  required: boolean;
  options?: string[];
  maxLength?: number;
}

export interface ServiceItem {
  id: number;
  code: string;
  name: string;
  kind: 'immediate' | 'promised';
  legalLimitDays: number | null;
  promisedLimitDays: number;
  /** Units and the text as published (20个工作日, 60日, 当场办结); see catalog-admin.ts limitText. */
  legalLimitUnit: 'workday' | 'natural_day' | 'hour' | 'on_the_spot';
  legalLimitText: string;
  promisedLimitUnit: 'workday' | 'natural_day' | 'hour' | 'on_the_spot';
  promisedLimitText: string;
  description: string;
  departmentId: number;
  departmentName: string;
  formFields: FormField[];
  /** 申请材料 as the guide lists them (present on the item detail). */
  materials?: ListedMaterial[];
}

export function useItems(params: { q?: string; departmentId?: number }) {
  return useQuery({
    queryKey: ['items', params],
    queryFn: async () => (await api.get<{ items: ServiceItem[] }>(`/api/catalog/items${query(params)}`)).items,
  });
}

export function useItem(id: number | undefined) {
  return useQuery({
    queryKey: ['item', id],
    queryFn: async () => (await api.get<{ item: ServiceItem }>(`/api/catalog/items/${id}`)).item,
    enabled: Boolean(id),
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: async () => (await api.get<{ departments: { id: number; name: string; phone: string }[] }>('/api/org/departments')).departments,
    staleTime: 300_000,
  });
}
