import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TCaseList } from '../../../../server/src/modules/cases/schema';
import { api, errorMessage } from '../../api/client';
import { chinaClock, PRIORITY_LABELS, useCategories, useQueueActions, useWindowBoard, type QueueStep } from '../../api/hall';
import { useMe } from '../../api/auth';
import { LEVEL_TEXT } from '../../ratings/levels';

/**
 * 叫号条: the clerk's bar at their window — 叫号 (next in line or a chosen ticket), 重呼, 过号,
 * 转窗 and 完成. 完成 links the case opened for the visitor and shows the rating on the tablet.
 */
export function CallingBarPage() {
  const { message } = App.useApp();
  const { data: me } = useMe();
  const { data: board, error } = useWindowBoard();
  const { callNext, step } = useQueueActions();
  const { data: all } = useCategories(me?.centreId ?? undefined);
  const [transfer, setTransfer] = useState<{ categoryId?: number; windowId?: number }>();
  const [completing, setCompleting] = useState(false);
  const [caseId, setCaseId] = useState<string>();
  const { data: recentCases } = useQuery({
    queryKey: ['hall-recent-cases'],
    queryFn: async () => (await api.get<TCaseList>('/api/cases?limit=20')).cases,
    enabled: completing,
  });

  const run = (id: number, s: QueueStep, extra: { categoryId?: number; windowId?: number; caseId?: string } = {}, done?: string) =>
    step.mutate({ id, step: s, ...extra }, { onSuccess: () => done && message.success(done), onError: (e) => message.error(errorMessage(e)) });

  if (error) return <Alert type="warning" showIcon message={errorMessage(error)} />;
  if (!board) return null;
  const current = board.current;
  const targetCategory = all?.categories.find((c) => c.id === transfer?.categoryId);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={`叫号 · ${board.window.number} ${board.window.name}`}
        extra={<Space>{board.categories.map((c) => <Tag key={c.id} color="blue">{c.prefix} {c.name} 等候 {c.waiting}</Tag>)}</Space>}
      >
        <Row gutter={24} align="middle">
          <Col flex="220px">
            <Statistic title="当前号" value={current?.number ?? '—'} valueStyle={{ fontSize: 48, color: '#0b4f9c' }} />
            {current && (
              <Space direction="vertical" size={2}>
                {current.priorityReason && <Tag color="orange">{PRIORITY_LABELS[current.priorityReason]}</Tag>}
                {current.itemName && <Typography.Text>预约事项：{current.itemName}</Typography.Text>}
                <Typography.Text type="secondary">叫号 {current.callCount} 次 · {current.calledAt ? chinaClock(current.calledAt) : ''}</Typography.Text>
              </Space>
            )}
          </Col>
          <Col flex="auto">
            <Space wrap size="middle">
              <Button type="primary" size="large" disabled={Boolean(current)} loading={callNext.isPending} data-testid="call-next"
                onClick={() => callNext.mutate(undefined, { onSuccess: (r) => !r.ticket && message.info('没有等候的号'), onError: (e) => message.error(errorMessage(e)) })}>
                叫号
              </Button>
              <Button size="large" disabled={!current} onClick={() => current && run(current.id, 'recall')} data-testid="recall">重呼</Button>
              <Button size="large" disabled={!current} onClick={() => current && run(current.id, 'skip', {}, '已过号')} data-testid="skip">过号</Button>
              <Button size="large" disabled={!current} onClick={() => setTransfer({})} data-testid="transfer">转窗</Button>
              <Button size="large" type="primary" ghost disabled={!current} onClick={() => setCompleting(true)} data-testid="complete">完成</Button>
            </Space>
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title="等候" size="small">
            {board.waiting.length ? (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={board.waiting}
                columns={[
                  { title: '号码', dataIndex: 'number' },
                  { title: '类别', dataIndex: 'categoryName' },
                  { title: '', render: (_, t) => (t.status === 'skipped' ? <Tag>过号</Tag> : t.priorityReason ? <Tag color="orange">{PRIORITY_LABELS[t.priorityReason]}</Tag> : null) },
                  { title: '取号', render: (_, t) => chinaClock(t.issuedAt) },
                  { title: '', render: (_, t) => <Button size="small" disabled={Boolean(current)} onClick={() => run(t.id, 'call')}>叫此号</Button> },
                ]}
              />
            ) : (
              <Empty description="暂无等候" />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="今日已办" size="small" data-testid="served">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={board.served}
              columns={[
                { title: '号码', dataIndex: 'number' },
                { title: '办件', render: (_, t) => (t.caseId ? <Link to={`/hall/cases/${t.caseId}`}>{t.caseNumber}</Link> : '—') },
                { title: '评价', render: (_, t) => (t.ratingLevel ? <Tag color={t.ratingLevel >= 3 ? 'green' : 'red'}>{LEVEL_TEXT[t.ratingLevel - 1]}</Tag> : <Typography.Text type="secondary">待评价</Typography.Text>) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={Boolean(transfer)}
        title={`转窗 ${current?.number ?? ''}`}
        okButtonProps={{ disabled: !transfer?.categoryId }}
        onCancel={() => setTransfer(undefined)}
        onOk={() => current && transfer?.categoryId && (run(current.id, 'transfer', transfer, '已转窗'), setTransfer(undefined))}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select style={{ width: '100%' }} placeholder="转往业务类别" value={transfer?.categoryId} onChange={(v) => setTransfer({ categoryId: v })} options={all?.categories.map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}` }))} />
          <Select style={{ width: '100%' }} allowClear placeholder="指定窗口（选填）" value={transfer?.windowId} onChange={(v) => setTransfer({ ...transfer, windowId: v })} options={targetCategory?.windows.map((w) => ({ value: w.id, label: `${w.number} ${w.name}` }))} />
        </Space>
      </Modal>
      <Modal
        open={completing}
        title={`完成 ${current?.number ?? ''}`}
        okText="完成并推送评价"
        onCancel={() => setCompleting(false)}
        onOk={() => {
          if (current) run(current.id, 'complete', { caseId }, '已完成，评价器已显示评价');
          setCompleting(false);
          setCaseId(undefined);
        }}
      >
        <Typography.Paragraph>本次服务产生的办件（选填，可在窗口登记后选择）：</Typography.Paragraph>
        <Select allowClear style={{ width: '100%' }} value={caseId} onChange={setCaseId} placeholder="选择办件" data-testid="complete-case"
          options={recentCases?.map((c) => ({ value: c.id, label: `${c.number} ${c.itemName}` }))} />
      </Modal>
    </Space>
  );
}
