import { Alert, App, Button, Input, Modal, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMe } from '../api/auth';
import { errorMessage } from '../api/client';
import { useJointApplication, useJointStep } from '../api/joint';
import { JointStageMap } from './JointStageMap';

/** One joint application for whoever may see it, with the steps their role may take. */
export function JointPage() {
  const { jointId } = useParams();
  const { data, isLoading, error } = useJointApplication(jointId);
  const { data: me } = useMe();
  if (isLoading) return <Skeleton active />;
  if (error || !data) return <Alert type="error" showIcon message={error?.message ?? '联办件不存在'} />;
  const party = me?.role === 'applicant' || me?.role === 'agent';
  const beforeAcceptance = data.status === 'submitted' || data.status === 'correction_required';
  // Parties upload before acceptance and while a merged correction is open; the window scans papers in before it accepts.
  const canUpload = (party && (beforeAcceptance || (data.status === 'accepted' && data.correction !== null))) || (me?.role === 'clerk' && beforeAcceptance);
  return <JointStageMap a={data} canAnswer={party} canUpload={canUpload} actions={me?.role === 'clerk' ? <ClerkActions id={data.id} status={data.status} ready={data.children.length > 0 && data.decidedCount === data.childCount} /> : undefined} />;
}

/** 一窗受理 and 统一出件 at the window. */
function ClerkActions({ id, status, ready }: { id: string; status: string; ready: boolean }) {
  const step = useJointStep(id);
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [dialog, setDialog] = useState<null | 'request-correction' | 'refuse' | 'extensions'>(null);
  const run = (name: string, body?: unknown) =>
    step.mutate({ step: name, body }, { onSuccess: () => message.success('已办理'), onError: (e) => message.error(errorMessage(e)) });
  return (
    <Space wrap>
      {status === 'submitted' && (
        <>
          <Button type="primary" onClick={() => run('accept')} loading={step.isPending} data-testid="joint-accept">
            一次受理并抄告各部门
          </Button>
          <Button onClick={() => setDialog('request-correction')}>一次性告知补正</Button>
          <Button danger onClick={() => setDialog('refuse')}>
            不予受理
          </Button>
        </>
      )}
      {status === 'accepted' && (
        <>
          <Button type="primary" disabled={!ready} onClick={() => run('issue', { delivery: { method: 'window' } })} loading={step.isPending} data-testid="joint-issue">
            统一出件
          </Button>
          <Button onClick={() => setDialog('extensions')}>申请延长联办期限</Button>
        </>
      )}
      <Modal
        open={dialog !== null}
        title={{ 'request-correction': '需补正的全部内容（每行一项）', refuse: '不予受理理由', extensions: '延期理由（延长 15 个工作日，报本级人民政府负责人批准）' }[dialog ?? 'refuse']}
        onCancel={() => setDialog(null)}
        onOk={() => {
          if (dialog === 'request-correction') run(dialog, { missing: text.split('\n').map((l) => l.trim()).filter(Boolean) });
          else if (dialog === 'refuse') run(dialog, { reason: text });
          else if (dialog === 'extensions') run(dialog, { workdays: 15, reason: text });
          setDialog(null);
          setText('');
        }}
      >
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </Modal>
    </Space>
  );
}
