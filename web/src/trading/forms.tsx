import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Typography, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { TDrawRequest, TEnterpriseInput, TExperts, TKeyHolderCandidates, TLegalDeadline, TProjectInput, TRegisteredProject, TRooms, TScoringSheet } from '../../../server/src/modules/trading/schema';
import { useMe } from '../api/auth';
import { api, errorMessage } from '../api/client';
import { useTrading, type ProjectSummary } from '../api/trading';

/**
 * The trading forms a person fills in: the enterprise's own record, a new project, its
 * announcement and clarifications, the evaluation room, and the expert draw. Each posts to the
 * trading API and shows the server's refusal (with the rule it names) as it is.
 */

const CATEGORY_OPTIONS = [
  { value: 'construction', label: '工程建设招标' },
  { value: 'procurement', label: '政府采购' },
  { value: 'land', label: '土地矿业权出让' },
  { value: 'state_assets', label: '国有产权' },
];

/** Posts, shows the outcome as a message, and answers the result (null when refused). */
export async function post<T>(url: string, body: unknown, done: string): Promise<T | null> {
  try {
    const result = await api.post<T>(url, body);
    message.success(done);
    return result;
  } catch (error) {
    message.error(errorMessage(error));
    return null;
  }
}

/** 'YYYY-MM-DD' and 'HH:mm' read as Beijing time, as the form's fields mean them. */
export const beijingInstant = (date: string, time: string) => `${date}T${time}:00+08:00`;

const todayInBeijing = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** 企业库登记: a legal person records its own enterprise (credit code, representative, qualifications, staff). */
export function EnterpriseForm({ onDone }: { onDone: () => void }) {
  const [form] = Form.useForm<TEnterpriseInput>();
  async function submit(values: TEnterpriseInput) {
    if (await post('/api/trading/enterprises', { ...values, licences: [], performance: [] }, '企业信息已登记')) onDone();
  }
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ qualifications: [], people: [] }} aria-label="企业信息登记">
      <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '请填写 18 位统一社会信用代码' }]}>
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="name" label="企业名称" rules={[{ required: true, min: 2, message: '请填写企业名称' }]}>
        <Input />
      </Form.Item>
      <Form.Item name="legalRepresentative" label="法定代表人" rules={[{ required: true, message: '请填写法定代表人' }]}>
        <Input />
      </Form.Item>
      <Form.Item name="address" label="住所">
        <Input />
      </Form.Item>
      <Typography.Text strong>资质</Typography.Text>
      <Form.List name="qualifications">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} wrap align="baseline">
                <Form.Item name={[field.name, 'name']} label={`资质名称 ${i + 1}`} rules={[{ required: true, message: '必填' }]}><Input /></Form.Item>
                <Form.Item name={[field.name, 'level']} label="等级" initialValue=""><Input /></Form.Item>
                <Form.Item name={[field.name, 'number']} label="证书编号" initialValue=""><Input /></Form.Item>
                <Form.Item name={[field.name, 'validUntil']} label="有效期至" rules={[{ required: true, message: '必填' }]}><Input type="date" /></Form.Item>
                <Button onClick={() => remove(field.name)}>删除</Button>
              </Space>
            ))}
            <Button onClick={() => add()} style={{ display: 'block', margin: '8px 0' }}>添加资质</Button>
          </>
        )}
      </Form.List>
      <Typography.Text strong>项目负责人等主要人员</Typography.Text>
      <Form.List name="people">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} wrap align="baseline">
                <Form.Item name={[field.name, 'name']} label={`姓名 ${i + 1}`} rules={[{ required: true, message: '必填' }]}><Input /></Form.Item>
                <Form.Item name={[field.name, 'identityNumber']} label="公民身份号码" rules={[{ required: true, len: 18, message: '18 位' }]}><Input maxLength={18} /></Form.Item>
                <Form.Item name={[field.name, 'title']} label="职务" initialValue=""><Input /></Form.Item>
                <Button onClick={() => remove(field.name)}>删除</Button>
              </Space>
            ))}
            <Button onClick={() => add()} style={{ display: 'block', margin: '8px 0' }}>添加人员</Button>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit">登记企业信息</Button>
    </Form>
  );
}

type ProjectFormValues = Omit<TProjectInput, 'budget'>;

/** 交易项目登记: the tenderer (or its agency, naming the tenderer) registers a project for the centre's review. */
export function ProjectForm({ agency }: { agency: boolean }) {
  const [form] = Form.useForm<ProjectFormValues>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const method = Form.useWatch('evaluationMethod', form);
  async function submit(values: ProjectFormValues) {
    const lots = values.lots ?? [];
    const budget = Math.round(lots.reduce((sum, lot) => sum + Number(lot.budget ?? 0), 0) * 100) / 100;
    const body: TProjectInput = { ...values, budget, criteria: values.evaluationMethod === 'comprehensive' ? values.criteria : [] };
    const created = await post<TRegisteredProject>('/api/trading/projects', body, '项目已登记，等待交易中心审核');
    if (created) {
      await client.invalidateQueries({ queryKey: ['trading'] });
      navigate(`/trading/projects/${created.id}`);
    }
  }
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label="交易项目登记"
      initialValues={{
        category: 'construction',
        evaluationMethod: 'comprehensive',
        criteria: [
          { name: '投标报价', maxPoints: 40 },
          { name: '技术方案', maxPoints: 40 },
          { name: '商务资信', maxPoints: 20 },
        ],
        lots: [{ name: '第一标段', budget: undefined }],
        qualifications: [],
      }}
    >
      <Form.Item name="title" label="项目名称" rules={[{ required: true, min: 4, message: '请填写项目名称（至少 4 个字）' }]}>
        <Input />
      </Form.Item>
      {agency && (
        <Form.Item name="tendererCreditCode" label="招标人统一社会信用代码" rules={[{ required: true, len: 18, message: '请填写 18 位统一社会信用代码' }]}>
          <Input maxLength={18} />
        </Form.Item>
      )}
      <Form.Item name="category" label="交易类别" rules={[{ required: true }]}>
        <Select options={CATEGORY_OPTIONS} />
      </Form.Item>
      <Form.Item name="qualifications" label="投标人资格要求（可填多项，回车确认）">
        <Select mode="tags" open={false} aria-label="投标人资格要求" />
      </Form.Item>
      <Typography.Text strong>标段（各标段最高限价之和即项目最高限价）</Typography.Text>
      <Form.List name="lots">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} wrap align="baseline">
                <Form.Item name={[field.name, 'name']} label={`标段 ${i + 1} 名称`} rules={[{ required: true, message: '必填' }]}><Input /></Form.Item>
                <Form.Item name={[field.name, 'budget']} label={`标段 ${i + 1} 最高限价（元）`} rules={[{ required: true, message: '必填' }]}><InputNumber min={1} style={{ width: 200 }} /></Form.Item>
                {fields.length > 1 && <Button onClick={() => remove(field.name)}>删除</Button>}
              </Space>
            ))}
            <Button onClick={() => add({ name: `第${fields.length + 1}标段` })} style={{ display: 'block', margin: '8px 0' }}>添加标段</Button>
          </>
        )}
      </Form.List>
      <Form.Item name="evaluationMethod" label="评标办法" rules={[{ required: true }]}>
        <Select options={[{ value: 'comprehensive', label: '综合评估法' }, { value: 'lowest_price', label: '经评审的最低投标价法' }]} />
      </Form.Item>
      {method === 'comprehensive' && (
        <>
          <Typography.Text strong>评分项（满分合计 100 分）</Typography.Text>
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Space key={field.key} wrap align="baseline">
                    <Form.Item name={[field.name, 'name']} label={`评分项 ${i + 1}`} rules={[{ required: true, message: '必填' }]}><Input /></Form.Item>
                    <Form.Item name={[field.name, 'maxPoints']} label="满分" rules={[{ required: true, message: '必填' }]}><InputNumber min={1} max={100} /></Form.Item>
                    <Button onClick={() => remove(field.name)}>删除</Button>
                  </Space>
                ))}
                <Button onClick={() => add()} style={{ display: 'block', margin: '8px 0' }}>添加评分项</Button>
              </>
            )}
          </Form.List>
        </>
      )}
      <Button type="primary" htmlType="submit">提交交易中心审核</Button>
    </Form>
  );
}

/** A button that opens the project registration form in a dialog. */
export function NewProjectButton({ agency }: { agency: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>登记交易项目</Button>
      <Modal title="交易项目登记" open={open} onCancel={() => setOpen(false)} footer={null} width={760} destroyOnHidden>
        <ProjectForm agency={agency} />
      </Modal>
    </>
  );
}

/** 发布招标公告: documents date, bid deadline (= opening), opening room; shows the earliest deadline the law allows. */
export function AnnounceForm({ project, onDone }: { project: ProjectSummary; onDone: () => void }) {
  const [form] = Form.useForm<{ documentsFrom: string; deadlineDate: string; deadlineTime: string; openingRoomId: number; body: string }>();
  const rooms = useTrading<TRooms>(['rooms'], '/api/trading/rooms');
  const documentsFrom = Form.useWatch('documentsFrom', form);
  const [legal, setLegal] = useState<TLegalDeadline | null>(null);
  useEffect(() => {
    if (!documentsFrom) return;
    api
      .get<TLegalDeadline>(`/api/trading/projects/${project.id}/legal-deadline?documentsFrom=${documentsFrom}`)
      .then(setLegal, () => setLegal(null));
  }, [documentsFrom, project.id]);
  async function submit(values: { documentsFrom: string; deadlineDate: string; deadlineTime: string; openingRoomId: number; body: string }) {
    const body = { documentsFrom: values.documentsFrom, deadline: beijingInstant(values.deadlineDate, values.deadlineTime), openingRoomId: values.openingRoomId, body: values.body };
    if (await post(`/api/trading/projects/${project.id}/announce`, body, '招标公告已发布')) onDone();
  }
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label="发布招标公告"
      initialValues={{ documentsFrom: todayInBeijing(), deadlineTime: '09:30', body: `${project.title}已由交易中心审核入库，现公开招标，欢迎符合资格条件的投标人参加投标。` }}
    >
      <Form.Item name="documentsFrom" label="招标文件发出日期" rules={[{ required: true, message: '请选择日期' }]}>
        <Input type="date" />
      </Form.Item>
      {legal && <Alert type="info" style={{ marginBottom: 12 }} title={`法定最早投标截止日：${legal.earliest}（${legal.rule}，${legal.basis}）`} data-testid="legal-deadline" />}
      <Space wrap>
        <Form.Item name="deadlineDate" label="投标截止（开标）日期" rules={[{ required: true, message: '请选择日期' }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="deadlineTime" label="投标截止（开标）时间" rules={[{ required: true, message: '请填写时间' }]}>
          <Input type="time" />
        </Form.Item>
        <Form.Item name="openingRoomId" label="开标室" rules={[{ required: true, message: '请选择开标室' }]}>
          <Select style={{ width: 180 }} options={(rooms.data?.rooms ?? []).filter((r) => r.purpose === 'opening').map((r) => ({ value: r.id, label: r.name }))} />
        </Form.Item>
      </Space>
      <Form.Item name="body" label="公告正文" rules={[{ required: true, min: 10, message: '公告正文至少 10 个字' }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Button type="primary" htmlType="submit">发布招标公告</Button>
    </Form>
  );
}

/** 澄清/修改: the text, and a later deadline when fewer than 15 days remain. */
export function ClarifyForm({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const [form] = Form.useForm<{ body: string; newDate?: string; newTime?: string }>();
  async function submit(values: { body: string; newDate?: string; newTime?: string }) {
    const newDeadline = values.newDate ? beijingInstant(values.newDate, values.newTime || '09:30') : null;
    if (await post(`/api/trading/projects/${projectId}/clarify`, { body: values.body, newDeadline }, '澄清/修改已发布')) {
      form.resetFields();
      onDone();
    }
  }
  return (
    <Form form={form} layout="vertical" onFinish={submit} aria-label="澄清或修改招标文件">
      <Form.Item name="body" label="澄清/修改内容" rules={[{ required: true, min: 5, message: '至少 5 个字' }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="newDate" label="顺延后的投标截止日期（不足 15 日时必填）"><Input type="date" /></Form.Item>
        <Form.Item name="newTime" label="时间"><Input type="time" /></Form.Item>
      </Space>
      <Button htmlType="submit">发布澄清/修改</Button>
    </Form>
  );
}

/** 预约评标室. */
export function EvaluationRoomForm({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const rooms = useTrading<TRooms>(['rooms'], '/api/trading/rooms');
  async function submit(values: { roomId: number; date: string; time: string; hours: number }) {
    const startsAt = new Date(beijingInstant(values.date, values.time));
    const endsAt = new Date(startsAt.getTime() + values.hours * 3_600_000);
    if (await post(`/api/trading/projects/${projectId}/evaluation-room`, { roomId: values.roomId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }, '评标室已预约')) onDone();
  }
  return (
    <Form layout="inline" onFinish={submit} initialValues={{ time: '09:00', hours: 4, date: todayInBeijing() }} aria-label="预约评标室">
      <Form.Item name="roomId" label="评标室" rules={[{ required: true, message: '请选择' }]}>
        <Select style={{ width: 160 }} options={(rooms.data?.rooms ?? []).filter((r) => r.purpose === 'evaluation').map((r) => ({ value: r.id, label: r.name }))} />
      </Form.Item>
      <Form.Item name="date" label="日期" rules={[{ required: true }]}><Input type="date" /></Form.Item>
      <Form.Item name="time" label="开始" rules={[{ required: true }]}><Input type="time" /></Form.Item>
      <Form.Item name="hours" label="时长（小时）"><InputNumber min={1} max={12} /></Form.Item>
      <Button htmlType="submit">预约</Button>
    </Form>
  );
}

type DrawFormValues = Omit<TDrawRequest, 'holderUserIds'> & { holderUserIds: number[] };

/** 抽取评标专家: what to draw, from which regions, and who holds the key shares (k of n). */
export function DrawForm({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const [form] = Form.useForm<DrawFormValues>();
  const experts = useTrading<TExperts>(['experts'], '/api/trading/experts');
  const holders = useTrading<TKeyHolderCandidates>(['key-holders', projectId], `/api/trading/projects/${projectId}/key-holders`);
  const { data: me } = useMe();
  const pool = (experts.data?.experts ?? []).filter((e) => e.status === 'active');
  const specialities = [...new Set(pool.flatMap((e) => e.specialities))].sort();
  const regions = [...new Set(pool.map((e) => e.regionCode))].sort();
  async function submit(values: DrawFormValues) {
    if (await post(`/api/trading/projects/${projectId}/draw`, values, '专家已抽取，结果已加密，待密钥持有人出示份额')) onDone();
  }
  // The defaults depend on the pool and on who is asking: render once both are known.
  if (!experts.data || !holders.data || !me) return null;
  const home = regions.filter((r) => r === me.regionCode);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label="抽取评标专家"
      initialValues={{ parts: [{ speciality: undefined, count: 2, reserves: 1 }], avoidRecentProjects: 3, regions: home.length ? home : regions.slice(0, 1), holderUserIds: [], threshold: 2 }}
    >
      <Form.List name="parts">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} wrap align="baseline">
                <Form.Item name={[field.name, 'speciality']} label={`专业 ${i + 1}`} rules={[{ required: true, message: '请选择专业' }]}>
                  <Select style={{ width: 160 }} options={specialities.map((s) => ({ value: s, label: s }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'count']} label="评委人数" rules={[{ required: true }]}><InputNumber min={1} max={20} /></Form.Item>
                <Form.Item name={[field.name, 'reserves']} label="备选人数" rules={[{ required: true }]}><InputNumber min={0} max={20} /></Form.Item>
                {fields.length > 1 && <Button onClick={() => remove(field.name)}>删除</Button>}
              </Space>
            ))}
            <Button onClick={() => add({ count: 1, reserves: 1 })} style={{ display: 'block', marginBottom: 8 }}>添加专业</Button>
          </>
        )}
      </Form.List>
      <Form.Item name="regions" label="专家所在地区（含异地远程评标）" rules={[{ required: true, message: '至少选择一个地区' }]}>
        <Select mode="multiple" options={regions.map((r) => ({ value: r, label: r }))} />
      </Form.Item>
      <Form.Item name="avoidRecentProjects" label="回避：近期评过该招标人项目的数量（个）">
        <InputNumber min={0} max={50} />
      </Form.Item>
      <Form.Item name="holderUserIds" label="密钥持有人（须已申请数字证书）" rules={[{ required: true, type: 'array', min: 2, message: '至少选择 2 人' }]}>
        <Checkbox.Group options={(holders.data?.candidates ?? []).map((h) => ({ value: h.userId, label: `${h.party}：${h.name}${h.hasCertificate ? '' : '（无证书）'}`, disabled: !h.hasCertificate }))} />
      </Form.Item>
      <Form.Item name="threshold" label="解密门限（出示份额的最少人数）" rules={[{ required: true }]}>
        <InputNumber min={2} max={10} />
      </Form.Item>
      <Button type="primary" htmlType="submit">抽取并加密</Button>
    </Form>
  );
}

type SheetBid = TScoringSheet['bids'][number];

/** 评分表: one row per decrypted bid, one column per criterion of the tender documents. */
export function ScoringSheet({ projectId }: { projectId: string }) {
  const sheet = useTrading<TScoringSheet>(['scoring', projectId], `/api/trading/projects/${projectId}/scoring`);
  const client = useQueryClient();
  const [points, setPoints] = useState<Record<string, number | null>>({});
  const data = sheet.data;
  useEffect(() => {
    if (data) setPoints(Object.fromEntries(data.myScores.map((s) => [`${s.bidId}|${s.criterion}`, s.points])));
  }, [data]);
  if (!data) return null;
  const key = (bidId: string, criterion: string) => `${bidId}|${criterion}`;
  async function submit() {
    const scores = data!.bids.flatMap((b) => data!.criteria.map((c) => ({ bidId: b.id, criterion: c.name, points: points[key(b.id, c.name)] })));
    const missing = scores.filter((s) => s.points === null || s.points === undefined);
    if (missing.length > 0) return message.error(`还有 ${missing.length} 项未打分`);
    if (await post(`/api/trading/projects/${projectId}/scores`, { scores }, '评分已提交')) await client.invalidateQueries({ queryKey: ['trading'] });
  }
  const lowest = data.criteria.length === 1 && data.criteria[0]!.maxPoints === 1;
  return (
    <Card size="small" title={lowest ? '评审（合格评 1 分，不合格评 0 分）' : '评分表'} data-testid="scoring-sheet">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data.bids}
        columns={[
          { title: '标段', dataIndex: 'lot' },
          { title: '投标人', dataIndex: 'bidder' },
          { title: '报价（元）', dataIndex: 'price' },
          ...data.criteria.map((c) => ({
            title: `${c.name}（${c.maxPoints}分）`,
            render: (_: unknown, b: SheetBid) => (
              <InputNumber
                aria-label={`${b.bidder} ${c.name}`}
                min={0}
                max={c.maxPoints}
                disabled={data.report !== null}
                value={points[key(b.id, c.name)] ?? null}
                onChange={(v) => setPoints((p) => ({ ...p, [key(b.id, c.name)]: v }))}
              />
            ),
          })),
        ]}
      />
      {data.report === null && <Button type="primary" style={{ marginTop: 8 }} onClick={submit}>提交评分</Button>}
    </Card>
  );
}

/** 审核入库 or 退回 with the reason the tenderer will read. */
export function ReviewButtons({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  async function review(approve: boolean) {
    if (await post(`/api/trading/projects/${projectId}/review`, { approve, note: approve ? '审核通过' : note }, approve ? '已审核入库' : '已退回')) {
      setRejecting(false);
      onDone();
    }
  }
  return (
    <>
      <Button type="primary" onClick={() => review(true)}>审核入库</Button>
      <Button danger onClick={() => setRejecting(true)}>退回</Button>
      <Modal title="退回交易项目" open={rejecting} onCancel={() => setRejecting(false)} onOk={() => review(false)} okButtonProps={{ disabled: note.trim().length < 2 }} okText="退回">
        <Input.TextArea aria-label="退回理由" rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder="请写明退回理由，招标人将看到" />
      </Modal>
    </>
  );
}
