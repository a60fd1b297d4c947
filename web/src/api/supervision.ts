import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client';

/** 红黄绿灯 counts of the running cases; grey = clock stopped (中止). */
export interface LightCounts {
  green: number;
  yellow: number;
  red: number;
  grey: number;
  total: number;
}

/** 送达 figures of licences (行政许可法 art. 44: ten working days from the grant). */
export interface DeliveryFigures {
  from: string;
  to: string;
  waiting: { green: number; yellow: number; red: number; total: number };
  delivered: number;
  deliveredLate: number;
  lateRate: number | null;
}

export interface Dashboard {
  today: string;
  scope: { regionPrefix: string };
  lights: LightCounts;
  intake: { received: number; accepted: number; completed: number };
  waitingForAcceptance: number;
  /** 受理时限 (art. 32) lights of the applications waiting for acceptance. */
  acceptanceLights: { green: number; yellow: number; red: number };
  directives: { open: number; overdue: number };
  rectifications: { open: number; overdue: number };
  /** 许可证件送达 (art. 44): licences waiting for issuance by light, delivered and delivered late this month. */
  delivery: DeliveryFigures;
  /** Set when the figures came from the read replica: how far behind the primary it was. */
  readReplica: { lagMs: number } | null;
}

export type LightGroup = 'department' | 'window' | 'item';
export interface LightRow extends LightCounts {
  key: number | null;
  name: string;
}

export type RunningKind = 'overdue' | 'warning' | 'stopped';
/** One department, window or item the lists are narrowed to (a click in the lights table). */
export interface ListFilter {
  group: LightGroup;
  key: number;
  name: string;
}

export interface RunningCase {
  id: string;
  number: string;
  itemName: string;
  departmentName: string;
  /** Masked by the server. */
  applicantName: string;
  assigneeName: string | null;
  dueDate: string;
  /** Negative: working days over the deadline. */
  workdaysLeft: number;
  clockStopped: boolean;
  warnedRed: boolean;
}

export type StatsDimension = 'department' | 'window' | 'staff' | 'item';
export interface StatsRow {
  key: number;
  name: string;
  code: string | null;
  received: number;
  accepted: number;
  refused: number;
  withdrawn: number;
  completed: number;
  on_time: number;
  early: number;
  late: number;
  timed: number;
  workdays_used: number;
  promised_workdays: number;
  stops: number;
  extensions: number;
  /** 办结的承诺件: what 提前办结率 divides by (即办件 cannot be early). */
  completed_promised: number;
  openOverdue: number;
  completionRate: number | null;
  onTimeRate: number | null;
  earlyRate: number | null;
  avgWorkdaysUsed: number | null;
  avgPromisedWorkdays: number | null;
}

export interface TrendDay {
  day: string;
  received: number;
  completed: number;
  onTime: number;
}

export interface CircularLine {
  rank: number;
  departmentId: number;
  departmentName: string;
  received: number;
  accepted: number;
  completed: number;
  completedPromised: number;
  early: number;
  completionRate: number | null;
  onTimeRate: number | null;
  earlyRate: number | null;
  late: number;
  openOverdue: number;
  avgWorkdaysUsed: number | null;
  avgPromisedWorkdays: number | null;
  stops: number;
  extensions: number;
  directives: number;
  directivesOverdue: number;
  ratings: number;
  satisfactionRate: number | null;
  badRatings: number;
  flagged: boolean;
}

export interface Circular {
  month: string;
  from: string;
  to: string;
  regionName: string;
  issuedOn: string;
  lines: CircularLine[];
  total: StatsRow;
}

/** 督办 as the supervisor sees it. */
export interface Directive {
  id: number;
  caseId: string | null;
  caseNumber: string | null;
  departmentName: string;
  content: string;
  issuedAt: string;
  replyDue: string;
  reply: string | null;
  repliedAt: string | null;
  escalatedAt: string | null;
}

export interface Centre {
  id: number;
  name: string;
  regionCode: string;
  address: string;
  screenPath: string;
}

/** What the hall's big screen shows: counts only. */
export interface BigScreen {
  centreName: string;
  today: string;
  intake: { received: number; accepted: number; completed: number };
  lights: LightCounts;
  waitingForAcceptance: number;
  trend: TrendDay[];
  byDepartment: { name: string; received: number; completed: number }[];
  lightsByDepartment: { name: string; green: number; yellow: number; red: number; grey: number }[];
  satisfaction: { ratings: number; rate: number | null };
  updatedAt: string;
}

/** The seat refreshes itself: a supervisor leaves it open all day. */
const LIVE = 30_000;

export const useDashboard = () =>
  useQuery({ queryKey: ['supervision', 'dashboard'], queryFn: () => api.get<Dashboard>('/api/supervision/dashboard'), refetchInterval: LIVE });

export const useLights = (group: LightGroup) =>
  useQuery({
    queryKey: ['supervision', 'lights', group],
    queryFn: () => api.get<{ rows: LightRow[] }>(`/api/supervision/lights?group=${group}`),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE,
  });

const FILTER_PARAM: Record<LightGroup, string> = { department: 'departmentId', window: 'windowId', item: 'itemId' };

/** The overdue / warning / stopped list, a page at a time by the server's cursor ("load more"). */
export const useRunningCases = (kind: RunningKind, filter: ListFilter | null) =>
  useInfiniteQuery({
    queryKey: ['supervision', 'cases', kind, filter?.group, filter?.key],
    queryFn: ({ pageParam }) =>
      api.get<{ items: RunningCase[]; nextCursor: string | null }>(
        `/api/supervision/cases${query({ kind, limit: 20, after: pageParam ?? undefined, ...(filter ? { [FILTER_PARAM[filter.group]]: filter.key } : {}) })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useStats = (params: { from: string; to: string; dimension: StatsDimension }) =>
  useQuery({
    queryKey: ['supervision', 'stats', params],
    queryFn: () => api.get<{ rows: StatsRow[]; total: StatsRow }>(`/api/supervision/stats${query(params)}`),
    placeholderData: keepPreviousData,
  });

export const useTrend = (params: { from: string; to: string }) =>
  useQuery({
    queryKey: ['supervision', 'trend', params],
    queryFn: () => api.get<{ days: TrendDay[] }>(`/api/supervision/trend${query(params)}`),
    placeholderData: keepPreviousData,
  });

export const useCircular = (month: string) =>
  useQuery({
    queryKey: ['supervision', 'circular', month],
    queryFn: () => api.get<Circular>(`/api/supervision/circular?month=${month}`),
    placeholderData: keepPreviousData,
  });

export const useSupervisorDirectives = () =>
  useQuery({ queryKey: ['directives'], queryFn: () => api.get<{ directives: Directive[] }>('/api/directives'), refetchInterval: LIVE });

export const useCentres = () => useQuery({ queryKey: ['supervision', 'centres'], queryFn: () => api.get<{ centres: Centre[] }>('/api/supervision/centres') });

/** 督办 on one case or on a department's work in general; the reply deadline counts working days. */
export function useIssueDirective() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { caseId?: string; departmentId?: number; content: string; replyWorkdays: number }) =>
      api.post<{ id: number; replyDue: string }>('/api/directives', input),
    onSuccess: (_, input) => {
      void client.invalidateQueries({ queryKey: ['directives'] });
      void client.invalidateQueries({ queryKey: ['supervision', 'dashboard'] });
      if (input.caseId) void client.invalidateQueries({ queryKey: ['case', input.caseId] });
    },
  });
}

export const useBigScreen = (centreId: string | undefined) =>
  useQuery({
    queryKey: ['screen', centreId],
    queryFn: () => api.get<BigScreen>(`/api/public/screen/${centreId}`),
    enabled: Boolean(centreId),
    // The fallback when the live stream is down; events refetch at once.
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
