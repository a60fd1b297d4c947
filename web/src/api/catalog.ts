import { useQuery } from '@tanstack/react-query';
import { api, query } from './client';
import type { TFormField, TGuide, TItemDetail, TItemPage, TItemSummary } from '../../../server/src/modules/catalog/schema';
import type { TDepartmentDirectory } from '../../../server/src/modules/org/schema';

/** 申请材料 as the item lists them: stable id (M01 …), requirement, 容缺, stand-ins. */
export type ListedMaterial = TItemDetail['materials'][number];

/** A field of the item's application form. */
export type FormField = TFormField;
/** An item as the search lists it. */
export type ServiceItemSummary = TItemSummary;
/** An item's 办事指南: its limits, form fields and 申请材料. */
export type ServiceItem = TItemDetail;

export function useItems(params: { q?: string; departmentId?: number }) {
  return useQuery({
    queryKey: ['items', params],
    queryFn: async () => (await api.get<TItemPage>(`/api/catalog/items${query(params)}`)).items,
  });
}

export function useItem(id: number | undefined) {
  return useQuery({
    queryKey: ['item', id],
    queryFn: async () => (await api.get<TGuide>(`/api/catalog/items/${id}`)).item,
    enabled: Boolean(id),
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: async () => (await api.get<TDepartmentDirectory>('/api/org/departments')).departments,
    staleTime: 300_000,
  });
}
