import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TJointReview, TMeeting, TProject, TStageFigures } from '../../../server/src/modules/projects/schema';
import type { JointDetail } from './joint';
import { api, query } from './client';

export type Project = TProject;
export type JointReview = TJointReview;
export type Meeting = TMeeting;
export type StageFigures = TStageFigures;

export function useProjects(options: { refetchInterval?: number } = {}) {
  return useQuery({ queryKey: ['projects'], queryFn: async () => (await api.get<{ projects: Project[] }>('/api/projects')).projects, refetchInterval: options.refetchInterval });
}

export function useProject(id: number) {
  return useQuery({ queryKey: ['project', id], queryFn: () => api.get<{ project: Project; reviews: JointReview[] }>(`/api/projects/${id}`), enabled: id > 0 });
}

export function useOpenStage(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { stageNo: number; formData: Record<string, unknown>; commitment?: string }) =>
      api.post<{ application: JointDetail }>(`/api/projects/${projectId}/stages/${input.stageNo}`, { formData: input.formData, commitment: input.commitment }),
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
    mutationFn: (input: { kind: 'drawing_review' | 'completion_acceptance'; title: string; heldOn: string; departmentIds: number[] }) =>
      api.post<{ review: JointReview }>(`/api/projects/${projectId}/joint-reviews`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['project', projectId] }),
  });
}

/** The joint records this reviewer's department takes part in. */
export function useMyJointReviews() {
  return useQuery({ queryKey: ['joint-reviews'], queryFn: async () => (await api.get<{ reviews: JointReview[] }>('/api/joint-reviews')).reviews });
}

export function useSignJointReview() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ reviewId, ...body }: { reviewId: number; conclusion: 'pass' | 'pass_with_conditions' | 'fail'; opinion: string }) =>
      api.post<{ reviews: JointReview[] }>(`/api/joint-reviews/${reviewId}/sign`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['joint-reviews'] }),
  });
}

/** 联审会议: the record and its decisions on several child cases at once. */
export function useHoldMeeting(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string; heldOn: string; departmentIds: number[]; projectIds: number[]; minutes: string; decisions: { caseId: string; decision: 'approve' | 'deny'; opinion: string }[] }) =>
      api.post<{ meeting: Meeting }>('/api/joint-meetings', input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['project', projectId] });
      void client.invalidateQueries({ queryKey: ['projects'] });
    },
  });
}
