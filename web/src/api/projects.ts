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
