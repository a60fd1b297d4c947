import { App, Button, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/client';
import { FilePickerButton } from './FilePickerButton';
import { uploadForMaterial, useChecklist, useVerifyMaterial, type CaseDetail, type ChecklistMaterial } from '../api/cases';

export const REQUIREMENT_LABELS: Record<ChecklistMaterial['requirement'], { label: string; color: string }> = {
  required: { label: '必要', color: 'red' },
  optional: { label: '非必要', color: 'default' },
  conditional: { label: '按情形提供', color: 'gold' },
};

const MAX_FILES = 10;

/** Picks files and sends them together, so one material's pages arrive as one request. */
export function MaterialUploadButton({ label, material, disabled, onFiles, testId }: {
  label: string;
  /** The listed material's name: a screen reader hears "上传：营业执照", not one of many "上传". */
  material: string;
  disabled?: boolean;
  onFiles: (files: File[]) => Promise<void>;
  testId?: string;
}) {
  const [sending, setSending] = useState(false);
  const { message } = App.useApp();
  return (
    <FilePickerButton
      size="small"
      multiple
      loading={sending}
      disabled={disabled}
      data-testid={testId}
      aria-label={`${label}：${material}`}
      onFiles={(files) => {
        if (files.length > MAX_FILES) {
          message.error(`一次最多上传 ${MAX_FILES} 个文件`);
          return;
        }
        setSending(true);
        void onFiles(files)
          .catch((e: unknown) => message.error(errorMessage(e)))
          .finally(() => setSending(false));
      }}
    >
      {label}
    </FilePickerButton>
  );
}

/**
 * 材料清单: the item's listed materials for this case. The applicant (and the clerk scanning papers
 * in) uploads per material; the clerk marks each 合格 or 不合格 with the reason before 受理; a 容缺
 * material shows its promised date, and arrives and is checked after acceptance.
 */
export function MaterialChecklist({ c, role }: { c: CaseDetail; role: string | undefined }) {
  const { data } = useChecklist(c.id);
  const verify = useVerifyMaterial(c.id);
  const client = useQueryClient();
  const { message } = App.useApp();
  const [defective, setDefective] = useState<ChecklistMaterial | null>(null);
  const [reason, setReason] = useState('');
  if (!data || data.materials.length === 0) return null;

  const running = ['accepted', 'approved', 'denied'].includes(c.status);
  const openDeferral = (m: ChecklistMaterial) => Boolean(m.deferral && !m.deferral.closed);
  const canUpload = (m: ChecklistMaterial) =>
    m.governmentHeld
      ? false
      : role === 'applicant'
        ? ['submitted', 'correction_required'].includes(c.status) || (running && openDeferral(m))
        : role === 'clerk' && (c.status === 'submitted' || (running && openDeferral(m)));
  const canVerify = (m: ChecklistMaterial) => role === 'clerk' && (c.status === 'submitted' || (running && openDeferral(m)));

  const send = async (m: ChecklistMaterial, files: File[]) => {
    await uploadForMaterial(`/api/cases/${c.id}/materials`, m.id, files);
    message.success(files.length > 1 ? `「${m.name}」已上传 ${files.length} 个文件` : `「${m.name}」已上传`);
    void client.invalidateQueries({ queryKey: ['materials', c.id] });
  };
  const decide = async (m: ChecklistMaterial, verdict: 'accepted' | 'defective', why?: string) => {
    try {
      await verify.mutateAsync({ materialId: m.id, verdict, reason: why });
      message.success(verdict === 'accepted' ? `「${m.name}」核验合格` : `「${m.name}」已标记为不合格`);
      setDefective(null);
      setReason('');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        材料清单
      </Typography.Title>
      <List
        size="small"
        bordered
        dataSource={data.materials}
        renderItem={(m) => (
          <List.Item data-testid={`checklist-${m.id}`} data-required={m.requirement === 'required' && !m.governmentHeld ? 'true' : 'false'}>
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{m.name}</Typography.Text>
                <Tag color={REQUIREMENT_LABELS[m.requirement].color}>{REQUIREMENT_LABELS[m.requirement].label}</Tag>
                {m.governmentHeld && <Tag color="green">部门共享，免提交</Tag>}
                {m.deferrable && !m.deferral && <Tag>可容缺受理</Tag>}
                <Typography.Text type="secondary">已上传 {m.fileCount} 个文件</Typography.Text>
              </Space>
              {m.condition && <Typography.Text type="secondary">适用情形：{m.condition}</Typography.Text>}
              {m.deferral && (
                <Typography.Text type={m.deferral.overdue ? 'danger' : 'secondary'}>
                  容缺：承诺于 {m.deferral.promisedDate} 前补交{m.deferral.closed ? '（已补交并核验）' : m.deferral.overdue ? '（已逾期）' : ''}
                </Typography.Text>
              )}
              <Space wrap>
                {m.verdict === 'accepted' && <Tag color="green">核验合格</Tag>}
                {m.verdict === 'defective' && <Tag color="red">不合格：{m.reason}</Tag>}
                {m.verdict === 'unverified' && <Tag>待核验</Tag>}
                {canUpload(m) && <MaterialUploadButton label="上传" material={m.name} testId={`upload-${m.id}`} onFiles={(files) => send(m, files)} />}
                {canVerify(m) && (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      ghost
                      // Only the row being checked spins: antd's spinner of a button that only
                      // flickered can stay stuck half-faded in the other rows (and in their names).
                      loading={verify.isPending && verify.variables?.materialId === m.id}
                      onClick={() => void decide(m, 'accepted')}
                      data-testid={`verify-${m.id}`}
                    >
                      合格
                    </Button>
                    <Button size="small" danger onClick={() => setDefective(m)}>
                      不合格
                    </Button>
                  </>
                )}
              </Space>
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={Boolean(defective)}
        title={`「${defective?.name ?? ''}」不合格`}
        okText="确定"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        confirmLoading={verify.isPending}
        onCancel={() => setDefective(null)}
        onOk={() => defective && void decide(defective, 'defective', reason.trim())}
        destroyOnHidden
      >
        <Input.TextArea rows={3} maxLength={500} placeholder="请写明不合格的原因，如：复印件不清晰、未加盖公章" aria-label="不合格原因" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  );
}
