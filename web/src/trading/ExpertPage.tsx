import { Button, Card, Space, Table, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../api/auth';
import { api, errorMessage } from '../api/client';
import { formatTime, STATUS_LABELS, useTrading } from '../api/trading';
import type { TExpertAssignments, TScoringSheet } from '../../../server/src/modules/trading/schema';
import { signRecord } from '../../../server/src/modules/trading/sm-crypto';
import { ScoringSheet } from './forms';
import { CertificatePanel, storedKey } from './keys';

const ANSWER_LABELS: Record<string, string> = { declined: '已回避/不参加', standby: '备选待命', called: '已递补' };

/** 评标专家: answer the draw notice, and sign the evaluation report with this browser's key. */
export function ExpertPage() {
  const { data: me } = useMe();
  const client = useQueryClient();
  const { data } = useTrading<TExpertAssignments>(['assignments'], '/api/trading/expert/assignments', 5000);
  async function act(url: string, body: unknown) {
    try {
      await api.post(url, body);
      message.success('已提交');
      await client.invalidateQueries({ queryKey: ['trading'] });
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  async function sign(projectId: string) {
    const key = storedKey(me?.username);
    if (!key) return message.error('请先生成密钥并申请数字证书');
    const sheet = await api.get<TScoringSheet>(`/api/trading/projects/${projectId}/scoring`);
    if (!sheet.report) return message.error('评标报告尚未生成');
    await act(`/api/trading/projects/${projectId}/report/sign`, { signature: signRecord({ purpose: 'evaluation_report', projectId, digest: sheet.report.digest }, key.privateKey) });
  }
  return (
    <Card title="我的评标">
      <CertificatePanel />
      <Table
        style={{ marginTop: 12 }}
        rowKey="drawId"
        dataSource={data?.assignments ?? []}
        expandable={{
          rowExpandable: (a) => a.status === 'accepted' && a.projectStatus === 'evaluating',
          // The sheets of projects in evaluation stay open: scoring is what the expert is here for.
          expandedRowKeys: (data?.assignments ?? []).filter((a) => a.status === 'accepted' && a.projectStatus === 'evaluating').map((a) => a.drawId),
          showExpandColumn: false,
          expandedRowRender: (a) => <ScoringSheet projectId={a.projectId} />,
        }}
        columns={[
          { title: '项目', render: (_, a) => `${a.number} ${a.title}` },
          { title: '项目状态', render: (_, a) => STATUS_LABELS[a.projectStatus] },
          { title: '评标时间', render: (_, a) => formatTime(a.evaluationAt) },
          {
            title: '',
            render: (_, a) =>
              a.status === 'notified' ? (
                <Space>
                  <Button type="primary" onClick={() => act(`/api/trading/draws/${a.drawId}/respond`, { accept: true })}>确认参加</Button>
                  <Button onClick={() => act(`/api/trading/draws/${a.drawId}/respond`, { accept: false, reason: '回避' })}>不参加</Button>
                </Space>
              ) : a.status === 'accepted' ? (
                <Button onClick={() => sign(a.projectId)}>签署评标报告</Button>
              ) : (
                ANSWER_LABELS[a.status] ?? a.status
              ),
          },
        ]}
      />
    </Card>
  );
}
