import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCaseFee, TFeeNotice, TPaymentOutcome, TPaymentStart, TReconciliation, TSimulatedPayment, TSimulatorConfirmRequest } from '../../../server/src/modules/fees/schema';
import { api } from './client';

export type FeeNotice = TFeeNotice;

/** The case's 缴款通知书 (null: nothing to pay). */
export function useCaseFee(caseId: string | undefined) {
  return useQuery({
    queryKey: ['case-fee', caseId],
    queryFn: async () => (await api.get<TCaseFee>(`/api/cases/${caseId}/fee`)).notice,
    enabled: Boolean(caseId),
  });
}

export function useStartPayment(caseId: string) {
  return useMutation({ mutationFn: () => api.post<TPaymentStart>(`/api/cases/${caseId}/fee/pay`, {}) });
}

export function useExemptFee(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api.post<TCaseFee>(`/api/cases/${caseId}/fee/exempt`, { reason }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['case-fee', caseId] });
      void client.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
}

export function useSimulatedPayment(paymentId: string | undefined) {
  return useQuery({
    queryKey: ['simulated-payment', paymentId],
    queryFn: () => api.get<TSimulatedPayment>(`/api/payments/simulator/${paymentId}`),
    enabled: Boolean(paymentId),
  });
}

export function useSettleSimulatedPayment(paymentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (result: TSimulatorConfirmRequest['result']) =>
      api.post<TPaymentOutcome>(`/api/payments/simulator/${paymentId}/confirm`, { result }),
    onSuccess: (data) => {
      void client.invalidateQueries({ queryKey: ['simulated-payment', paymentId] });
      void client.invalidateQueries({ queryKey: ['case-fee', data.caseId] });
      void client.invalidateQueries({ queryKey: ['case', data.caseId] });
    },
  });
}

export function useReconciliation(from: string, to: string) {
  return useQuery({
    queryKey: ['fee-reconciliation', from, to],
    queryFn: () => api.get<TReconciliation>(`/api/fees/reconciliation?from=${from}&to=${to}`),
  });
}
