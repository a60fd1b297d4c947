import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TJointApplication } from '../../../server/src/modules/joint/schema';
import type {
  TJointReview,
  TJointReviewList,
  TJointReviewOne,
  TJointReviewRequest,
  TMeeting,
  TMeetingOne,
  TMeetingRequest,
  TProject,
  TProjectList,
  TProjectView,
  TSignOpinionRequest,
  TStageFigures,
} from '../../../server/src/modules/projects/schema';
import { api, query } from './client';

export type Project = TProject;
export type JointReview = TJointReview;
export type Meeting = TMeeting;
export type StageFigures = TStageFigures;

export function useProjects(options: { refetchInterval?: number } = {}) {
  return useQuery({ queryKey: ['projects'], queryFn: async () => (await api.get<TProjectList>('/api/projects')).projects, refetchInterval: options.refetchInterval });
}

export function useProject(id: number) {
  return useQuery({ queryKey: ['project', id], queryFn: () => api.get<TProjectView>(`/api/projects/${id}`), enabled: id > 0 });
}

export function useOpenStage(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { stageNo: number; formData: Record<string, unknown>; commitment?: string }) =>
      api.post<TJointApplication>(`/api/projects/${projectId}/stages/${input.stageNo}`, { formData: input.formData, commitment: input.commitment }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['project', projectId] });
      void client.invalidateQueries({ queryKey: ['projects'] });
    },
  });
}

export function useStageFigures(month: string) {
  return useQuery({ queryKey: ['stage-figures', month], queryFn: () => api.get<StageFigures>(`/api/supervision/circular/stages${query({ month })}`) });
}

/** 联合图审 / 联合验收: the centre organises one joint record for a project. */
export function useCreateJointReview(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TJointReviewRequest) =>
      api.post<TJointReviewOne>(`/api/projects/${projectId}/joint-reviews`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['project', projectId] }),
  });
}

/** The joint records this reviewer's department takes part in. */
export function useMyJointReviews() {
  return useQuery({ queryKey: ['joint-reviews'], queryFn: async () => (await api.get<TJointReviewList>('/api/joint-reviews')).reviews });
}

export function useSignJointReview() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ reviewId, ...body }: TSignOpinionRequest & { reviewId: number }) =>
      api.post<TJointReviewList>(`/api/joint-reviews/${reviewId}/sign`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['joint-reviews'] }),
  });
}

/** 联审会议: the record and its decisions on several child cases at once. */
export function useHoldMeeting(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TMeetingRequest) =>
      api.post<TMeetingOne>('/api/joint-meetings', input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['project', projectId] });
      void client.invalidateQueries({ queryKey: ['projects'] });
    },
  });
}
