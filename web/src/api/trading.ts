import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** 公共资源交易 API (server/src/modules/trading); shapes follow its service functions. */
export interface Publication {
  id: number;
  kind: 'announcement' | 'clarification' | 'opening_record' | 'candidates' | 'result';
  title: string;
  body: string;
  publishedAt: string;
  publicityEndsAt: string | null;
  projectId: string;
  projectNumber: string;
  category: string;
}
export interface ProjectSummary {
  id: string;
  number: string;
  title: string;
  categoryName: string;
  status: string;
  budget: number;
  tenderer: { name: string; creditCode: string };
  lots: { id: number; number: number; name: string; budget: number }[];
  bidDeadline: string | null;
  evaluationMethod: 'comprehensive' | 'lowest_price';
  criteria: { name: string; maxPoints: number }[];
  bookings: { purpose: string; room: string; startsAt: string }[];
  publications: { id: number; kind: string; title: string; publishedAt: string; publicityEndsAt: string | null }[];
}
export interface DrawView {
  id: string;
  status: 'sealed' | 'revealed';
  threshold: number;
  holders: { userId: number; name: string; presented: boolean }[];
  members: { expertId: number; name: string; speciality: string; role: string; status: string; regionCode: string }[];
}

export const KIND_LABELS: Record<Publication['kind'], string> = {
  announcement: '招标公告',
  clarification: '澄清/修改',
  opening_record: '开标记录',
  candidates: '中标候选人公示',
  result: '中标结果公告',
};
export const STATUS_LABELS: Record<string, string> = {
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
