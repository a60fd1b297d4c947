import { App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Rate, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useCases } from '../api/cases';
import { errorMessage } from '../api/client';
import type { TSelectionOutcome } from '../../../server/src/modules/intermediary/schema';
import {
  ANNOUNCEMENT_STATUS,
  dayUnitText,
  METHOD_LABELS,
  useAnnouncement,
  useContracts,
  useMyAnnouncements,
  usePublicServiceTypes,
  useSupermarketAction,
  type Contract,
} from '../api/intermediary';
import { formatTime } from '../components/format';
import { LightTag } from './LightTag';
import { useReport } from '../components/useReport';

/** 项目业主: post a selection announcement, choose by the announced method, sign, follow the service, rate it, use its report. */
export function OwnerPage() {
  const announcements = useMyAnnouncements();
  const contracts = useContracts();
  const [posting, setPosting] = useState(false);
  const [openId, setOpenId] = useState<number>();
  const [attaching, setAttaching] = useState<Contract>();
  const [rating, setRating] = useState<Contract>();
  const signContract = useSupermarketAction<number>((id) => `/api/intermediary/announcements/${id}/contract`, () => ({}));
  const run = useReport();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="我的中介服务选取" extra={<Button type="primary" onClick={() => setPosting(true)}>发布选取公告</Button>}>
        <Typography.Paragraph type="secondary">报名截止前报价保密；截止后按公告确定的方式选取，结果公示期满后签约，服务时限自签约之日起计算。</Typography.Paragraph>
        <Table
          rowKey="id"
          loading={announcements.isLoading}
          dataSource={announcements.data?.announcements}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: '公告编号', dataIndex: 'number', width: 150 },
            { title: '项目', dataIndex: 'projectName' },
            { title: '服务事项', dataIndex: 'serviceTypeName' },
            { title: '方式', render: (_, a) => METHOD_LABELS[a.method], width: 120 },
            { title: '报名', render: (_, a) => `${a.responseCount} 家`, width: 70 },
            { title: '状态', render: (_, a) => <Tag>{ANNOUNCEMENT_STATUS[a.status]}</Tag>, width: 130 },
            {
              title: '操作',
              width: 170,
              render: (_, a) => (
                <Space>
                  <Button size="small" onClick={() => setOpenId(a.id)}>查看</Button>
                  {a.status === 'selected' && (
                    <Button size="small" type="primary" onClick={() => void run(signContract.mutateAsync(a.id), '已签约，服务时限开始计算')}>
                      签约
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title="中介服务合同">
        <Table
          rowKey="id"
          loading={contracts.isLoading}
          dataSource={contracts.data?.contracts}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: '服务事项', dataIndex: 'serviceTypeName' },
            { title: '中介机构', dataIndex: 'intermediaryName' },
            { title: '价格', render: (_, c) => `${c.price.toLocaleString('zh-CN')} 元`, width: 100 },
            { title: '期限', render: (_, c) => `${c.signedOn} 起 ${dayUnitText(c.promisedDays, c.dayUnit)}，至 ${c.dueDate}`, width: 220 },
            { title: '时限', render: (_, c) => <LightTag light={c.light} />, width: 90 },
            {
              title: '成果与评价',
              width: 260,
              render: (_, c) => (
                <Space wrap>
                  {c.reportName && <Button size="small" href={`/api/intermediary/contracts/${c.id}/report`}>下载成果</Button>}
                  {c.status === 'delivered' && !c.attachedCaseId && <Button size="small" onClick={() => setAttaching(c)}>用于审批</Button>}
                  {c.attachedCaseId && <Tag color="blue">已用于审批</Tag>}
                  {c.status === 'delivered' && c.ratingLevel === null && <Button size="small" onClick={() => setRating(c)}>评价</Button>}
                  {c.ratingLevel !== null && <Rate disabled value={c.ratingLevel} style={{ fontSize: 14 }} />}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <PostDialog open={posting} onClose={() => setPosting(false)} />
      <AnnouncementDrawer id={openId} onClose={() => setOpenId(undefined)} />
      <AttachDialog contract={attaching} onClose={() => setAttaching(undefined)} />
      <RateDialog contract={rating} onClose={() => setRating(undefined)} />
    </Space>
  );
}

function PostDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const types = usePublicServiceTypes();
  const post = useSupermarketAction<Record<string, unknown>>(() => '/api/intermediary/announcements');
  const method = Form.useWatch('method', form);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await post.mutateAsync({ ...values, responseDeadline: (values.responseDeadline as dayjs.Dayjs).toISOString() });
      message.success('公告已发布');
      form.resetFields();
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal title="发布中介服务选取公告" open={open} onCancel={onClose} onOk={() => void submit()} okText="发布" confirmLoading={post.isPending} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ funding: 'own', dayUnit: 'workday', method: 'random', publicityWorkdays: 3, responseDeadline: dayjs().add(5, 'day').hour(17).minute(0) }}>
        <Form.Item name="serviceTypeId" label="中介服务事项" rules={[{ required: true, message: '请选择服务事项' }]}>
          <Select options={types.data?.serviceTypes.map((t) => ({ value: t.id, label: t.name }))} placeholder="请选择" />
        </Form.Item>
        <Form.Item name="projectName" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="funding" label="资金来源">
            <Select style={{ width: 160 }} options={[{ value: 'own', label: '自有资金' }, { value: 'public', label: '财政资金' }]} />
          </Form.Item>
          <Form.Item name="budgetCeiling" label="预算上限（元）" rules={[{ required: true, message: '请填写预算上限' }]}>
            <InputNumber min={1} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="serviceDays" label="服务期限" rules={[{ required: true, message: '请填写服务期限' }]}>
            <InputNumber min={1} max={720} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="dayUnit" label="计算方式">
            <Select style={{ width: 110 }} options={[{ value: 'workday', label: '工作日' }, { value: 'natural_day', label: '自然日' }]} />
          </Form.Item>
        </Space>
        <Form.Item name="requirements" label="服务要求" rules={[{ required: true, message: '请填写服务要求' }]} extra="不得指定或变相指定中介机构。">
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="method" label="选取方式">
            <Select style={{ width: 200 }} options={Object.entries(METHOD_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {method === 'quality_price' && (
            <Form.Item name="priceWeight" label="价格权重（0–1）" rules={[{ required: true, message: '请填写价格权重' }]}>
              <InputNumber min={0} max={1} step={0.1} style={{ width: 120 }} />
            </Form.Item>
          )}
          <Form.Item name="responseDeadline" label="报名截止" rules={[{ required: true, message: '请选择截止时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="publicityWorkdays" label="结果公示（工作日）">
            <InputNumber min={1} max={15} style={{ width: 100 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function AnnouncementDrawer({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const { data } = useAnnouncement(id);
  const select = useSupermarketAction<{ id: number; responseId?: number }, TSelectionOutcome>((b) => `/api/intermediary/announcements/${b.id}/select`, (b) => ({ responseId: b.responseId }));
  const a = data?.announcement;
  const choose = async (responseId?: number) => {
    try {
      const result = await select.mutateAsync({ id: id!, responseId });
      message.success(result.status === 'selected' ? '已选定，结果进入公示' : '没有有效报名，选取失败');
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Drawer open={id !== undefined} onClose={onClose} title={a ? `${a.number} ${a.projectName}` : '选取公告'} width={Math.min(720, window.innerWidth)}>
      {a && data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {a.serviceTypeName} · {METHOD_LABELS[a.method]} · 预算上限 {a.budgetCeiling.toLocaleString('zh-CN')} 元 · 报名截止 {formatTime(a.responseDeadline)}
          </Typography.Text>
          {data.sealed ? (
            <Typography.Paragraph type="secondary">已有 {a.responseCount} 家报名。报价在报名截止前保密。</Typography.Paragraph>
          ) : (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.responses}
              columns={[
                { title: '中介机构', dataIndex: 'intermediaryName' },
                { title: '报价（元）', render: (_, r) => r.quote.toLocaleString('zh-CN') },
                { title: '承诺时限', render: (_, r) => dayUnitText(r.promisedDays, a.dayUnit) },
                { title: '', render: (_, r) => (r.id === a.selectedResponseId ? <Tag color="green">选定</Tag> : r.status === 'withdrawn' ? <Tag>已撤回</Tag> : a.status === 'open' && a.method === 'direct' ? <Button size="small" onClick={() => void choose(r.id)}>选定</Button> : null) },
              ]}
            />
          )}
          {a.status === 'open' && !data.sealed && a.method !== 'direct' && (
            <Button type="primary" loading={select.isPending} onClick={() => void choose()}>
              {a.method === 'random' ? '随机抽取' : '按规则选取'}
            </Button>
          )}
          {a.drawSeed && <Typography.Text type="secondary">抽取种子：{a.drawSeed}（用于复核抽取结果）</Typography.Text>}
          {a.publicityEndsOn && <Typography.Text>结果公示至 {a.publicityEndsOn}，期满后可签约。</Typography.Text>}
        </Space>
      )}
    </Drawer>
  );
}

function AttachDialog({ contract, onClose }: { contract: Contract | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const cases = useCases({ status: 'submitted' });
  const [caseId, setCaseId] = useState<string>();
  const attach = useSupermarketAction<{ id: number; caseId: string }>((b) => `/api/intermediary/contracts/${b.id}/attach`, (b) => ({ caseId: b.caseId }));
  return (
    <Modal
      title="把成果作为申请材料用于审批"
      open={contract !== undefined}
      onCancel={onClose}
      okText="附上"
      okButtonProps={{ disabled: !caseId }}
      onOk={async () => {
        try {
          await attach.mutateAsync({ id: contract!.id, caseId: caseId! });
          message.success('已附到办件材料中');
          onClose();
        } catch (error) {
          message.error(errorMessage(error));
        }
      }}
    >
      <Typography.Paragraph type="secondary">只能附到待受理或待补正的本单位办件。</Typography.Paragraph>
      <Select style={{ width: '100%' }} placeholder="选择办件" value={caseId} onChange={setCaseId} options={cases.data?.cases.map((c) => ({ value: c.id, label: `${c.number} ${c.itemName}` }))} />
    </Modal>
  );
}

function RateDialog({ contract, onClose }: { contract: Contract | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const [level, setLevel] = useState(5);
  const [comment, setComment] = useState('');
  const [complaint, setComplaint] = useState('');
  const rate = useSupermarketAction<{ id: number }>((b) => `/api/intermediary/contracts/${b.id}/rating`, () => ({ level, comment }));
  const complain = useSupermarketAction<{ id: number }>((b) => `/api/intermediary/contracts/${b.id}/complaints`, () => ({ content: complaint }));
  return (
    <Modal
      title={`评价：${contract?.intermediaryName ?? ''}`}
      open={contract !== undefined}
      onCancel={onClose}
      okText="提交评价"
      onOk={async () => {
        try {
          await rate.mutateAsync({ id: contract!.id });
          if (complaint.trim()) await complain.mutateAsync({ id: contract!.id });
          message.success('感谢评价');
          onClose();
        } catch (error) {
          message.error(errorMessage(error));
        }
      }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Rate value={level} onChange={setLevel} tooltips={['非常不满意', '不满意', '基本满意', '满意', '非常满意']} aria-label="评价等级" />
        <Input.TextArea rows={2} placeholder="评价意见（选填）" value={comment} onChange={(e) => setComment(e.target.value)} aria-label="评价意见" />
        <Input.TextArea rows={2} placeholder="如需投诉，请写明情况（选填，中心将调查认定）" value={complaint} onChange={(e) => setComplaint(e.target.value)} aria-label="投诉内容" />
      </Space>
    </Modal>
  );
}
