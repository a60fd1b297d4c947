import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TAnnouncementDetail,
  TAnnouncementList,
  TComplaintList,
  TContractList,
  TEventLog,
  TIntermediary,
  TIntermediaryAnnouncement,
  TIntermediaryComplaint,
  TIntermediaryContract,
  TIntermediaryEvent,
  TIntermediaryList,
  TIntermediaryOne,
  TIntermediaryServiceType,
  TIntermediaryStatsRow,
  TMyIntermediary,
  TServiceTypeList,
  TStats,
} from '../../../server/src/modules/intermediary/schema';
import { api } from './client';

/** 中介超市: the API's own types, imported from the server's schemas. */
export type {
  TAnnouncementDetail as AnnouncementDetail,
  TIntermediary as Intermediary,
  TIntermediaryAnnouncement as Announcement,
  TIntermediaryComplaint as Complaint,
  TIntermediaryContract as Contract,
  TIntermediaryEvent as SupermarketEvent,
  TIntermediaryServiceType as ServiceType,
  TIntermediaryStatsRow as StatsRow,
};

export const METHOD_LABELS = { random: '随机抽取', lowest_price: '最低价', quality_price: '质量价格综合评分', direct: '直接选取（自有资金）' } as const;
export const ANNOUNCEMENT_STATUS = { open: '报名中', selected: '已选定（公示中）', contracted: '已签约', failed: '选取失败', cancelled: '已撤销' } as const;
export const AGENCY_STATUS = { pending: '待审核', approved: '已入驻', rejected: '未通过', suspended: '暂停', blacklisted: '黑名单' } as const;
export const LIGHT = {
  green: { color: 'green', text: '正常' },
  yellow: { color: 'gold', text: '临近期限' },
  red: { color: 'red', text: '已超期' },
  done: { color: 'blue', text: '按时交付' },
  done_late: { color: 'volcano', text: '超期交付' },
  terminated: { color: 'default', text: '已终止' },
} as const;
export const dayUnitText = (n: number, unit: 'workday' | 'natural_day') => `${n} 个${unit === 'workday' ? '工作日' : '自然日'}`;

const get = <T>(key: unknown[], url: string, enabled = true) => useQuery({ queryKey: key, queryFn: () => api.get<T>(url), enabled });

export const usePublicServiceTypes = (itemId?: number) =>
  get<TServiceTypeList>(['intermediary', 'types', itemId], `/api/public/intermediary/service-types${itemId ? `?itemId=${itemId}` : ''}`);
export const usePublicAgencies = () => get<TIntermediaryList>(['intermediary', 'agencies'], '/api/public/intermediary/agencies');
export const usePublicAgency = (id: number) => get<TIntermediaryOne>(['intermediary', 'agency', id], `/api/public/intermediary/agencies/${id}`, id > 0);
export const usePublicAnnouncements = () => get<TAnnouncementList>(['intermediary', 'public-announcements'], '/api/public/intermediary/announcements');
export const useSupermarketStats = () => get<TStats>(['intermediary', 'stats'], '/api/public/intermediary/stats');
export const useMyAnnouncements = () => get<TAnnouncementList>(['intermediary', 'announcements'], '/api/intermediary/announcements');
export const useAnnouncement = (id: number | undefined) => get<TAnnouncementDetail>(['intermediary', 'announcement', id], `/api/intermediary/announcements/${id}`, Boolean(id));
export const useContracts = () => get<TContractList>(['intermediary', 'contracts'], '/api/intermediary/contracts');
export const useComplaints = () => get<TComplaintList>(['intermediary', 'complaints'], '/api/intermediary/complaints');
export const useAllAgencies = () => get<TIntermediaryList>(['intermediary', 'all-agencies'], '/api/intermediary/agencies');
export const useEvents = (action?: string) =>
  get<TEventLog>(['intermediary', 'events', action], `/api/intermediary/events${action ? `?action=${action}` : ''}`);
export const useMyAgency = () =>
  get<TMyIntermediary>(['intermediary', 'me'], '/api/intermediary/me');
export const useOpenAnnouncements = () => get<TAnnouncementList>(['intermediary', 'open'], '/api/intermediary/open-announcements');

/** A POST whose success refreshes everything of the supermarket on screen. */
export function useSupermarketAction<TBody, TResult = unknown>(url: (body: TBody) => string, payload: (body: TBody) => unknown = (b) => b) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => api.post<TResult>(url(body), payload(body)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['intermediary'] }),
  });
}
