import { Button, Card, Form, Input, Select, Table, Tabs, Tag, Typography, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../api/auth';
import type { TBlacklist, TCentreKey, TExperts, TProjectList, TWarnings } from '../../../server/src/modules/trading/schema';
import { formatTime, STATUS_LABELS, useTrading } from '../api/trading';
import { NewProjectButton, post } from './forms';
import { CertificatePanel } from './keys';

/** The projects the caller runs (centre staff: all of the centre; supervisor: all). */
export function ProjectsPage() {
  const { data } = useTrading<TProjectList>(['projects'], '/api/trading/projects', 10_000);
  const { data: me } = useMe();
  return (
    <Card title="交易项目" extra={me?.role === 'trading_agency' && <NewProjectButton agency />}>
      <CertificatePanel />
      <Table
        style={{ marginTop: 12 }}
        rowKey="id"
        dataSource={data?.projects ?? []}
        columns={[
          { title: '项目', render: (_, p) => <Link to={`/trading/projects/${p.id}`}>{`${p.number} ${p.title}`}</Link> },
          { title: '招标人', dataIndex: 'tendererName' },
          { title: '状态', render: (_, p) => <Tag>{STATUS_LABELS[p.status]}</Tag> },
          { title: '投标截止', render: (_, p) => formatTime(p.bidDeadline) },
        ]}
      />
    </Card>
  );
}

/** Supervisor and centre: risk warnings; for the centre also the expert pool and the blacklist. */
export function CentrePage() {
  const { data: me } = useMe();
  const officer = me?.role === 'trading_officer';
  return (
    <Card title="交易监察">
      <Tabs
        items={[
          { key: 'warnings', label: '风险预警', children: <Warnings /> },
          { key: 'experts', label: '专家库', children: <ExpertPool officer={officer} /> },
          ...(officer ? [{ key: 'blacklist', label: '黑名单与数据交换', children: <BlacklistAdmin /> }] : []),
        ]}
      />
    </Card>
  );
}

function Warnings() {
  const { data } = useTrading<TWarnings>(['warnings'], '/api/trading/warnings', 10_000);
  return (
    <Table
      rowKey="id"
      dataSource={data?.warnings ?? []}
      expandable={{ expandedRowRender: (w) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(w.evidence, null, 2)}</pre> }}
      columns={[
        { title: '时间', render: (_, w) => formatTime(w.raisedAt) },
        { title: '项目', dataIndex: 'projectNumber' },
        { title: '预警点', dataIndex: 'ruleName' },
        { title: '情况', dataIndex: 'summary' },
      ]}
    />
  );
}

/** 专家库: the pool the draws pick from; the centre adds experts (with their account, for notices and scoring). */
function ExpertPool({ officer }: { officer: boolean }) {
  const client = useQueryClient();
  const { data } = useTrading<TExperts>(['experts'], '/api/trading/experts');
  const [form] = Form.useForm();
  async function add(values: { name: string; identityNumber: string; specialities: string[]; regionCode: string; employerName?: string; username?: string }) {
    if (await post('/api/trading/experts', { ...values, employerName: values.employerName ?? '', username: values.username || null }, '专家已入库')) {
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['trading'] });
    }
  }
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        dataSource={data?.experts ?? []}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '身份证号', dataIndex: 'idMasked' },
          { title: '专业', render: (_, e) => e.specialities.join('、') },
          { title: '地区', dataIndex: 'regionCode' },
          { title: '工作单位', dataIndex: 'employerName' },
          { title: '状态', render: (_, e) => (e.status === 'active' ? '在库' : '暂停') },
        ]}
      />
      {officer && (
        <Form form={form} layout="inline" onFinish={add} style={{ marginTop: 12, rowGap: 8 }} aria-label="专家入库">
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '必填' }]}><Input /></Form.Item>
          <Form.Item name="identityNumber" label="公民身份号码" rules={[{ required: true, len: 18, message: '18 位' }]}><Input maxLength={18} /></Form.Item>
          <Form.Item name="specialities" label="专业" rules={[{ required: true, message: '至少一个专业' }]}><Select mode="tags" open={false} style={{ width: 200 }} aria-label="专业" /></Form.Item>
          <Form.Item name="regionCode" label="地区代码" rules={[{ required: true, pattern: /^\d{6}$/, message: '6 位区划代码' }]}><Input maxLength={6} style={{ width: 100 }} /></Form.Item>
          <Form.Item name="employerName" label="工作单位"><Input /></Form.Item>
          <Form.Item name="username" label="专家账号"><Input /></Form.Item>
          <Button htmlType="submit" type="primary">专家入库</Button>
        </Form>
      )}
    </>
  );
}

const SOURCE_OPTIONS = [
  { value: 'centre', label: '本中心' },
  { value: 'court', label: '人民法院' },
  { value: 'other_city', label: '其他城市' },
];

/** 黑名单: entries the centre makes or receives, and the signed feed exchanged with other cities. */
function BlacklistAdmin() {
  const client = useQueryClient();
  const { data } = useTrading<TBlacklist>(['blacklist'], '/api/public/trading/blacklist');
  const key = useTrading<TCentreKey>(['centre-key'], '/api/trading/centre-key');
  const [form] = Form.useForm();
  const [feed, setFeed] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['trading'] });
  async function add(values: { creditCode: string; name: string; reason: string; source: string; sourceName: string; startsOn: string; endsOn?: string }) {
    if (await post('/api/trading/blacklist', { ...values, endsOn: values.endsOn || null }, '已列入黑名单')) {
      form.resetFields();
      await refresh();
    }
  }
  async function importFeed() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(feed);
    } catch {
      return message.error('数据不是有效的 JSON，请粘贴对方导出的完整黑名单数据');
    }
    if (await post('/api/trading/blacklist/import', parsed, '黑名单数据已验签导入')) {
      setFeed('');
      await refresh();
    }
  }
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        dataSource={data?.entries ?? []}
        columns={[
          { title: '统一社会信用代码', dataIndex: 'creditCode' },
          { title: '名称', dataIndex: 'name' },
          { title: '事由', dataIndex: 'reason' },
          { title: '来源', dataIndex: 'sourceName' },
          { title: '期限', render: (_, e) => `${e.startsOn} 至 ${e.endsOn ?? '长期'}` },
        ]}
      />
      <Typography.Title level={5}>列入黑名单</Typography.Title>
      <Form form={form} layout="inline" onFinish={add} style={{ rowGap: 8 }} aria-label="列入黑名单" initialValues={{ source: 'centre', sourceName: '本中心' }}>
        <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '18 位' }]}><Input maxLength={18} /></Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '必填' }]}><Input /></Form.Item>
        <Form.Item name="reason" label="事由" rules={[{ required: true, message: '必填' }]}><Input style={{ width: 260 }} /></Form.Item>
        <Form.Item name="source" label="来源"><Select style={{ width: 120 }} options={SOURCE_OPTIONS} /></Form.Item>
        <Form.Item name="sourceName" label="来源单位" rules={[{ required: true, message: '必填' }]}><Input /></Form.Item>
        <Form.Item name="startsOn" label="起始日期" rules={[{ required: true, message: '必填' }]}><Input type="date" /></Form.Item>
        <Form.Item name="endsOn" label="截止日期"><Input type="date" /></Form.Item>
        <Button htmlType="submit" danger>列入黑名单</Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 16 }}>与其他城市交换</Typography.Title>
      <Typography.Paragraph>
        导出本中心的黑名单（SM2 签名）：<a href="/api/public/trading/blacklist/feed" target="_blank" rel="noreferrer">黑名单交换数据</a>
      </Typography.Paragraph>
      {key.data && <Typography.Paragraph copyable={{ text: key.data.publicKey }} style={{ wordBreak: 'break-all' }}>本中心签名公钥（供对方登记）：{key.data.publicKey}</Typography.Paragraph>}
      <Input.TextArea aria-label="其他城市的黑名单数据" rows={4} value={feed} onChange={(e) => setFeed(e.target.value)} placeholder="粘贴已登记的数据交换城市导出的黑名单数据" />
      <Button style={{ marginTop: 8 }} onClick={importFeed} disabled={!feed.trim()}>验签并导入</Button>
    </>
  );
}
