import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client';
import type { TDirective, TDirectiveIssued, TDirectiveList } from '../../../server/src/modules/directives/schema';
import type {
  TBigScreen,
  TCentre,
  TCentreList,
  TCircular,
  TCircularLine,
  TDashboard,
  TDeliveryFigures,
  TLightGroup,
  TLightRow,
  TLightRows,
  TLights,
  TRunningCase,
  TRunningCasePage,
  TRunningKind,
  TStats,
  TStatsDimension,
  TStatsRow,
  TTrend,
  TTrendDay,
} from '../../../server/src/modules/supervision/schema';

/** 红黄绿灯 counts of the running cases; grey = clock stopped (中止). */
export type LightCounts = TLights;
/** 送达 figures of licences (行政许可法 art. 44: ten working days from the grant). */
export type DeliveryFigures = TDeliveryFigures;
export type Dashboard = TDashboard;

export type LightGroup = TLightGroup;
export type LightRow = TLightRow;

export type RunningKind = TRunningKind;
/** One department, window or item the lists are narrowed to (a click in the lights table). */
export interface ListFilter {
  group: LightGroup;
  key: number;
  name: string;
}

export type RunningCase = TRunningCase;

export type StatsDimension = TStatsDimension;
export type StatsRow = TStatsRow;
export type TrendDay = TTrendDay;
export type CircularLine = TCircularLine;
export type Circular = TCircular;
/** 督办 as the supervisor sees it. */
export type Directive = TDirective;
export type Centre = TCentre;
/** What the hall's big screen shows: counts only. */
export type BigScreen = TBigScreen;

/** The seat refreshes itself: a supervisor leaves it open all day. */
const LIVE = 30_000;

export const useDashboard = () =>
  useQuery({ queryKey: ['supervision', 'dashboard'], queryFn: () => api.get<Dashboard>('/api/supervision/dashboard'), refetchInterval: LIVE });

export const useLights = (group: LightGroup) =>
  useQuery({
    queryKey: ['supervision', 'lights', group],
    queryFn: () => api.get<TLightRows>(`/api/supervision/lights?group=${group}`),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE,
  });

const FILTER_PARAM: Record<LightGroup, string> = { department: 'departmentId', window: 'windowId', item: 'itemId' };

/** The overdue / warning / stopped list, a page at a time by the server's cursor ("load more"). */
export const useRunningCases = (kind: RunningKind, filter: ListFilter | null) =>
  useInfiniteQuery({
    queryKey: ['supervision', 'cases', kind, filter?.group, filter?.key],
    queryFn: ({ pageParam }) =>
      api.get<TRunningCasePage>(
        `/api/supervision/cases${query({ kind, limit: 20, after: pageParam ?? undefined, ...(filter ? { [FILTER_PARAM[filter.group]]: filter.key } : {}) })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useStats = (params: { from: string; to: string; dimension: StatsDimension }) =>
  useQuery({
    queryKey: ['supervision', 'stats', params],
    queryFn: () => api.get<TStats>(`/api/supervision/stats${query(params)}`),
    placeholderData: keepPreviousData,
  });

export const useTrend = (params: { from: string; to: string }) =>
  useQuery({
    queryKey: ['supervision', 'trend', params],
    queryFn: () => api.get<TTrend>(`/api/supervision/trend${query(params)}`),
    placeholderData: keepPreviousData,
  });

export const useCircular = (month: string) =>
  useQuery({
    queryKey: ['supervision', 'circular', month],
    queryFn: () => api.get<Circular>(`/api/supervision/circular?month=${month}`),
    placeholderData: keepPreviousData,
  });

export const useSupervisorDirectives = () =>
  useQuery({ queryKey: ['directives'], queryFn: () => api.get<TDirectiveList>('/api/directives'), refetchInterval: LIVE });

export const useCentres = () => useQuery({ queryKey: ['supervision', 'centres'], queryFn: () => api.get<TCentreList>('/api/supervision/centres') });

/** 督办 on one case or on a department's work in general; the reply deadline counts working days. */
export function useIssueDirective() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { caseId?: string; departmentId?: number; content: string; replyWorkdays: number }) =>
      api.post<TDirectiveIssued>('/api/directives', input),
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
