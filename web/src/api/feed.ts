import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { TPullToken, TRotatedSecret, TSecret, TSubscriber, TSubscriberCreate, TSubscriberCreated, TSubscriberList, TSubscriberUpdate } from '../../../server/src/modules/feed/schema';

/** A system receiving the e-supervision feed, as the admin page shows it (never its secret or token). */
export type FeedSubscriber = TSubscriber;

export function useFeedSubscribers() {
  return useQuery({
    queryKey: ['feed-subscribers'],
    queryFn: () => api.get<TSubscriberList>('/api/admin/feed/subscribers'),
    // Retries and deliveries move on their own; keep the page current.
    refetchInterval: 5000,
  });
}

function useFeedMutation<T, R>(fn: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void client.invalidateQueries({ queryKey: ['feed-subscribers'] }) });
}

export const useCreateSubscriber = () =>
  useFeedMutation((input: TSubscriberCreate) =>
    api.post<TSubscriberCreated>('/api/admin/feed/subscribers', input),
  );

export const useUpdateSubscriber = () =>
  useFeedMutation(({ id, ...input }: { id: number } & TSubscriberUpdate) =>
    api.put<TSecret>(`/api/admin/feed/subscribers/${id}`, input),
  );

export const useRotateSecret = () => useFeedMutation((id: number) => api.post<TRotatedSecret>(`/api/admin/feed/subscribers/${id}/secret`));
export const useIssueToken = () => useFeedMutation((id: number) => api.post<TPullToken>(`/api/admin/feed/subscribers/${id}/token`));
export const useResumeSubscriber = () => useFeedMutation((id: number) => api.post<{ ok: true }>(`/api/admin/feed/subscribers/${id}/resume`));

export const useDeleteSubscriber = () =>
  useFeedMutation(async (id: number) => {
    const response = await fetch(`/api/admin/feed/subscribers/${id}`, { method: 'DELETE', credentials: 'same-origin' });
    if (!response.ok) throw new Error(((await response.json()) as { error: { message: string } }).error.message);
  });
