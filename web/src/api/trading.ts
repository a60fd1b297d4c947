import { useQuery } from '@tanstack/react-query';
import type { TProjectDetail, TProjectSummary, TPublicationList, TTradingProjectStatus } from '../../../server/src/modules/trading/schema';
import { api } from './client';

/** 公共资源交易 API (server/src/modules/trading): the server's own response types, not copies. */
export type Publication = TPublicationList['publications'][number];
export type ProjectSummary = TProjectSummary;
export type DrawView = NonNullable<TProjectDetail['draw']>;

export const KIND_LABELS: Record<Publication['kind'], string> = {
  announcement: '招标公告',
  clarification: '澄清/修改',
  opening_record: '开标记录',
  candidates: '中标候选人公示',
  result: '中标结果公告',
};
export const STATUS_LABELS: Record<TTradingProjectStatus, string> = {
  submitted: '待审核',
  listed: '已入库',
  rejected: '退回',
  announced: '招标中',
  opened: '开标解密中',
  evaluating: '评标中',
  publicity: '候选人公示',
  awarded: '已定标',
};

export const useTrading = <T,>(key: unknown[], url: string | null, refetchInterval?: number) =>
  useQuery({ queryKey: ['trading', ...key], queryFn: () => api.get<T>(url!), enabled: url !== null, refetchInterval });

export const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
