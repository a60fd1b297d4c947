import { useQuery } from '@tanstack/react-query';
import type { TFinding, TFindingList, TPeople, TRule, TRuleList } from '../../../server/src/modules/discipline/schema';
import { api } from './client';

export type { TFinding, TRule };

export const FINDING_STATUS: Record<TFinding['status'], { text: string; color: string }> = {
  open: { text: '待说明', color: 'orange' },
  explained: { text: '已说明', color: 'blue' },
  confirmed: { text: '已认定', color: 'red' },
  dismissed: { text: '已撤销', color: 'default' },
};

export const usePeople = () => useQuery({ queryKey: ['people'], queryFn: async () => (await api.get<TPeople>('/api/discipline/people')).people });
export const useRules = () => useQuery({ queryKey: ['discipline-rules'], queryFn: async () => (await api.get<TRuleList>('/api/discipline/rules')).rules });
export const useFindings = () => useQuery({ queryKey: ['findings'], queryFn: async () => (await api.get<TFindingList>('/api/discipline/findings')).findings });

/** A phone photo scaled to at most 1280 px and re-encoded as JPEG, as base64 for the API. */
export async function photoToBase64(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1280 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.8);
}
