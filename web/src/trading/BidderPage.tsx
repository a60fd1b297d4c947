import { Button, Card, Form, Input, InputNumber, Modal, Space, Table, Typography, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TMyBids, TMyEnterprise, TOpenTenders, TProjectList, TPublicProject } from '../../../server/src/modules/trading/schema';
import { openContentKey, sealBid } from '../../../server/src/modules/trading/bid-envelope';
import { randomHex } from '../../../server/src/modules/trading/sm-crypto';
import { useMe } from '../api/auth';
import { api, errorMessage } from '../api/client';
import { formatTime, STATUS_LABELS, useTrading } from '../api/trading';
import { EnterpriseForm, NewProjectButton } from './forms';
import { CertificatePanel, storedKey } from './keys';

/** 投标人: open tenders, sealing and signing a bid in this browser, remote decryption at the opening. */
export function BidderPage() {
  const client = useQueryClient();
  const enterprise = useTrading<TMyEnterprise>(['enterprise'], '/api/trading/enterprises/mine');
  const tenders = useTrading<TOpenTenders>(['open-tenders'], '/api/public/trading/open-tenders');
  const mine = useTrading<TProjectList>(['my-projects'], '/api/trading/projects');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title="公共资源交易 · 本单位">
        {enterprise.data?.enterprise ? (
          <Typography.Paragraph>
            {enterprise.data.enterprise.name}（{enterprise.data.enterprise.creditCode}）
          </Typography.Paragraph>
        ) : (
          <>
            <Typography.Paragraph type="warning">本单位尚未在交易中心企业库登记。登记后方可投标或作为招标人登记项目。</Typography.Paragraph>
            <EnterpriseForm onDone={() => client.invalidateQueries({ queryKey: ['trading'] })} />
          </>
        )}
        <CertificatePanel />
      </Card>
      <Card title="正在招标的项目">
        <Table
          rowKey="id"
          pagination={false}
          dataSource={tenders.data?.projects ?? []}
          columns={[
            { title: '项目', render: (_, p) => `${p.number} ${p.title}` },
            { title: '类别', dataIndex: 'category' },
            { title: '投标截止', render: (_, p) => formatTime(p.bidDeadline) },
            { title: '', render: (_, p) => <Link to={`/trading/bidder/${p.id}`}>投标</Link> },
          ]}
        />
      </Card>
      {enterprise.data?.enterprise && (
        <Card title="本单位作为招标人的项目" extra={<NewProjectButton agency={false} />}>
          <Table rowKey="id" pagination={false} dataSource={mine.data?.projects ?? []} columns={[{ title: '项目', render: (_, p) => <Link to={`/trading/projects/${p.id}`}>{`${p.number} ${p.title}`}</Link> }, { title: '状态', render: (_, p) => STATUS_LABELS[p.status] }]} />
        </Card>
      )}
    </Space>
  );
}

/** One project from the bidder's side: bid, replace, withdraw, decrypt, object. */
export function BidProjectPage({ projectId }: { projectId: string }) {
  const { data: me } = useMe();
  const client = useQueryClient();
  const project = useTrading<TPublicProject>(['public-project', projectId], `/api/public/trading/projects/${projectId}`, 5000);
  const bids = useTrading<TMyBids>(['my-bids', projectId], `/api/trading/projects/${projectId}/my-bids`, 5000);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const refresh = () => client.invalidateQueries({ queryKey: ['trading'] });
  const p = project.data?.project;
  async function submit(values: { price: number; durationDays: number; technical: string; depositAccount: string }) {
    const key = storedKey(me?.username);
    if (!key) return message.error('请先生成密钥并申请数字证书');
    try {
      // Sealed and signed here, in the browser: the server never sees the content key.
      const sealed = sealBid({ projectId, lotId: p!.lots[0]!.id, content: { ...values, machineCode: localMachineCode(), personnel: [] }, publicKey: key.publicKey, privateKey: key.privateKey });
      const { contentKey: _kept, ...body } = sealed;
      await api.post(`/api/trading/projects/${projectId}/bids`, body);
      message.success('投标文件已加密递交');
      setOpen(false);
      await refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  async function decrypt(bid: TMyBids['bids'][number]) {
    const key = storedKey(me?.username);
    const contentKey = key ? openContentKey(bid.sealedKey, key.privateKey) : null;
    try {
      await api.post(`/api/trading/bids/${bid.id}/decrypt`, { contentKey: contentKey ?? '' });
      message.success('已解密');
      await refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  async function act(url: string, body: unknown = {}) {
    try {
      await api.post(url, body);
      message.success('已提交');
      await refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  }
  if (!p) return null;
  return (
    <Card title={`${p.number} ${p.title}`} extra={STATUS_LABELS[p.status]}>
      <Typography.Paragraph>
        招标人：{p.tenderer.name}　投标截止（开标）：<span data-testid="deadline">{formatTime(p.bidDeadline)}</span>
      </Typography.Paragraph>
      <CertificatePanel />
      <Space style={{ margin: '12px 0' }}>
        <Button type="primary" onClick={() => setOpen(true)} disabled={p.status !== 'announced'}>
          递交投标文件
        </Button>
        {p.status === 'publicity' && (
          <Button onClick={() => Modal.confirm({ title: '提出异议', content: <Input.TextArea id="objection-text" aria-label="异议内容" rows={3} />, onOk: () => act(`/api/trading/projects/${projectId}/objections`, { text: (document.getElementById('objection-text') as HTMLTextAreaElement).value }) })}>
            提出异议
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        pagination={false}
        dataSource={bids.data?.bids ?? []}
        data-testid="my-bids"
        columns={[
          { title: '递交时间', render: (_, b) => formatTime(b.submittedAt) },
          { title: '状态', dataIndex: 'status', render: (s: string) => ({ sealed: '已加密', withdrawn: '已撤回', replaced: '已被替换', decrypted: '已解密', undecryptable: '未能解密' })[s] },
          { title: '报价', render: (_, b) => b.price ?? '（开标前不可见）' },
          {
            title: '',
            render: (_, b) =>
              b.status === 'sealed' ? (
                p.status === 'opened' ? (
                  <Button onClick={() => decrypt(b)}>解密</Button>
                ) : (
                  <Button onClick={() => act(`/api/trading/bids/${b.id}/withdraw`)}>撤回</Button>
                )
              ) : null,
          },
        ]}
      />
      <Modal title="递交投标文件（本浏览器内 SM4 加密、SM2 签名）" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText="加密并递交">
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ durationDays: 180, depositAccount: '6222020000000000000', technical: '施工组织设计' }}>
          <Form.Item name="price" label="投标报价（元）" rules={[{ required: true }]}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="durationDays" label="工期（日）" rules={[{ required: true }]}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="technical" label="技术标" rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="depositAccount" label="保证金账户" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** The bidding tool's machine code: one random id per browser, kept (as a tool would read hardware). */
function localMachineCode(): string {
  const key = 'onewindow.trading.machine';
  let code = localStorage.getItem(key);
  if (!code) localStorage.setItem(key, (code = `WEB-${randomHex(8)}`));
  return code;
}
