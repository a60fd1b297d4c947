import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, query } from './client';
import type {
  TAdminItemQuery,
  TChannel,
  TCompression,
  TFormField,
  TGuide,
  TImportQuery,
  TItemAnswer,
  TItemCode,
  TImportReport,
  TItemContent,
  TItemDetail,
  TItemPage,
  TItemSummary,
  TLimitUnit,
  TMaterial,
  TStats,
  TThemes,
  TVersion,
  TVersionList,
} from '../../../server/src/modules/catalog/schema';

/** The catalogue as the API describes it (server/src/modules/catalog/schema.ts). */

export type LimitUnit = TLimitUnit;
export type ItemStatus = TItemSummary['status'];
export type Channel = TChannel;

export type CatalogFormField = TFormField;

/** A listed material as the administrator writes it. */
export type Material = TMaterial;

/** What an administrator writes for an item (every field filled in, as the server reads it after its defaults). */
export type ItemContent = TItemContent;

export type ItemSummary = TItemSummary;

export type ItemDetail = TItemDetail;

export type ItemPage = TItemPage;

/** A search the pages build up field by field; the server fills in the page and its size. */
export type ItemSearch = Partial<TAdminItemQuery>;

export type CatalogStats = TStats;

export type Version = TVersion;

export type ImportReport = TImportReport;

export const STATUS_LABELS: Record<ItemStatus, { text: string; color: string }> = {
  draft: { text: '草稿', color: 'default' },
  published: { text: '已发布', color: 'green' },
  suspended: { text: '暂停办理', color: 'orange' },
  cancelled: { text: '已取消', color: 'red' },
};

export const VERSION_ACTIONS: Record<string, string> = {
  publish: '发布',
  change: '变更',
  suspend: '暂停',
  resume: '恢复',
  cancel: '取消',
  delegate: '下放',
  take_over: '承接',
  import: '导入',
};

export const CHANNEL_LABELS: Record<Channel, string> = { online: '网上办理', window: '窗口办理', agent: '代办帮办', village: '村（社区）代办点' };
export const DEPTH_LABELS = ['', '一级 信息公开', '二级 网上预约', '三级 网上预审', '四级 全程网办'];
export const TRIP_LABELS = ['0次（零跑动）', '1次（最多跑一次）', '多次'];

/** How a limit reads: the published text when there is one. */
export function limitText(text: string, value: number | null, unit: LimitUnit): string {
  if (text) return text;
  if (value === null) return '—';
  return unit === 'on_the_spot' ? '当场办结' : unit === 'hour' ? `${value}小时` : unit === 'natural_day' ? `${value}日` : `${value}个工作日`;
}

/** Public search: Chinese words, pinyin or initials, with filters and paging. */
export function useCatalogSearch(params: ItemSearch) {
  return useQuery({
    queryKey: ['catalog', 'search', params],
    queryFn: () => api.get<ItemPage>(`/api/catalog/items${query({ ...params })}`),
    placeholderData: keepPreviousData,
  });
}

export function useCatalogThemes() {
  return useQuery({
    queryKey: ['catalog', 'themes'],
    queryFn: () => api.get<TThemes>('/api/catalog/themes'),
    staleTime: 300_000,
  });
}

/** The public guide of a published item, with the other handling items of the same item. */
export function useGuide(id: number | undefined) {
  return useQuery({
    queryKey: ['catalog', 'guide', id],
    queryFn: () => api.get<TGuide>(`/api/catalog/items/${id}`),
    enabled: Boolean(id),
  });
}

export function usePublicStats() {
  return useQuery({ queryKey: ['catalog', 'stats'], queryFn: () => api.get<CatalogStats>('/api/catalog/stats') });
}

export function useAdminItems(params: ItemSearch) {
  return useQuery({
    queryKey: ['admin-items', params],
    queryFn: () => api.get<ItemPage>(`/api/admin/items${query({ ...params })}`),
    placeholderData: keepPreviousData,
  });
}

export function useAdminItem(id: number | undefined) {
  return useQuery({
    queryKey: ['admin-item', id],
    queryFn: async () => (await api.get<TItemAnswer>(`/api/admin/items/${id}`)).item,
    enabled: Boolean(id),
  });
}

export function useItemVersions(id: number | undefined) {
  return useQuery({
    queryKey: ['admin-item', id, 'versions'],
    queryFn: async () => (await api.get<TVersionList>(`/api/admin/items/${id}/versions`)).versions,
    enabled: Boolean(id),
  });
}

export function useAdminStats() {
  return useQuery({ queryKey: ['admin-items', 'stats'], queryFn: () => api.get<CatalogStats>('/api/admin/items/stats') });
}

export type { TCompression as CatalogCompression };

/** 承诺时限压缩 of this centre's catalogue between two dates (the catalogue at the end of each). */
export function useCompression(from: string, to: string) {
  return useQuery({
    queryKey: ['admin-items', 'stats', 'compression', from, to],
    queryFn: () => api.get<TCompression>(`/api/admin/items/stats/compression${query({ from, to })}`),
    enabled: Boolean(from && to && from <= to),
    placeholderData: keepPreviousData,
  });
}

/** Saving, publishing and every other step refreshes the lists and the item. */
function useCatalogMutation<V>(fn: (v: V) => Promise<TItemAnswer>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: ({ item }) => {
      client.invalidateQueries({ queryKey: ['admin-items'] });
      client.invalidateQueries({ queryKey: ['admin-item', item.id] });
      client.invalidateQueries({ queryKey: ['catalog'] });
    },
  });
}

export const useCreateItem = () => useCatalogMutation((content: ItemContent) => api.post<TItemAnswer>('/api/admin/items', content));
export const useUpdateDraft = (id: number) => useCatalogMutation((content: ItemContent) => api.put<TItemAnswer>(`/api/admin/items/${id}`, content));
export const useChangeItem = (id: number) =>
  useCatalogMutation((body: { reason: string; item: ItemContent }) => api.post<TItemAnswer>(`/api/admin/items/${id}/change`, body));

export type LifecycleStep = 'publish' | 'suspend' | 'resume' | 'cancel' | 'delegate' | 'take-over';
export const useLifecycleStep = (id: number) =>
  useCatalogMutation(({ step, body }: { step: LifecycleStep; body: Record<string, unknown> }) => api.post<TItemAnswer>(`/api/admin/items/${id}/${step}`, body));

export async function suggestCode(departmentId: number, itemType: string, handlingNo = 0): Promise<string> {
  return (await api.get<TItemCode>(`/api/admin/items/code${query({ departmentId, itemType, handlingNo })}`)).code;
}

/**
 * Uploads a workbook. `dryRun` checks only; `mode: 'valid'` imports the rows without problems and
 * reports the others; `mode: 'all'` imports nothing if any cell is bad (an ApiError whose details
 * name each bad cell, 事项!C5).
 */
export function useImportCatalog() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, dryRun, mode }: { file: File; dryRun: boolean; mode: TImportQuery['mode'] }) => {
      const body = new FormData();
      body.append('file', file);
      const response = await fetch(`/api/admin/items/import${query({ dryRun: String(dryRun), mode })}`, { method: 'POST', body, credentials: 'same-origin' });
      const json = await response.json().catch(() => ({}));
      if (!response.ok) {
        const error = (json as { error?: { code?: string; message?: string; details?: { field: string; message: string }[] } }).error ?? {};
        throw new ApiError(response.status, error.code ?? `HTTP_${response.status}`, error.message ?? `导入失败（${response.status}）`, error.details);
      }
      return json as ImportReport;
    },
    onSuccess: (report) => {
      if (report.dryRun) return;
      client.invalidateQueries({ queryKey: ['admin-items'] });
      client.invalidateQueries({ queryKey: ['catalog'] });
    },
  });
}

/** `事项!C5` → sheet, column, row (for the import error table). */
export function splitCell(field: string): { sheet: string; column: string; row: number | null } {
  const m = /^(.+)!([A-Z]+)(\d+)$/.exec(field);
  return m ? { sheet: m[1]!, column: m[2]!, row: Number(m[3]) } : { sheet: field, column: '', row: null };
}
