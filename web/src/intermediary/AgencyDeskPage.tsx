import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { AGENCY_STATUS, dayUnitText, METHOD_LABELS, useContracts, useMyAgency, useOpenAnnouncements, usePublicServiceTypes, useSupermarketAction, type Announcement } from '../api/intermediary';
import { formatTime } from '../components/format';
import { LightTag } from './LightTag';

/** 中介机构工作台: the organisation's record, qualifications, open announcements to answer, contracts to deliver. */
export function AgencyDeskPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const me = useMyAgency();
  const open = useOpenAnnouncements();
  const contracts = useContracts();
  const [answering, setAnswering] = useState<Announcement>();
  const [qualifying, setQualifying] = useState(false);
  const a = me.data?.intermediary;
  const upload = async (contractId: number, file: File) => {
    const body = new FormData();
    body.append('file', file);
    const response = await fetch(`/api/intermediary/contracts/${contractId}/report`, { method: 'POST', body, credentials: 'same-origin' });
    const json = (await response.json()) as { error?: { message: string } };
    if (response.ok) message.success('成果已提交');
    else message.error(json.error?.message ?? '提交失败');
    void client.invalidateQueries({ queryKey: ['intermediary'] });
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={a?.name ?? '本机构'} loading={me.isLoading} extra={a && <Button href={`/api/public/intermediary/agencies/${a.id}/card.pdf`} target="_blank">联系卡</Button>}>
        {a && (
          <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label="状态">{AGENCY_STATUS[a.status]}{a.reviewNote ? `（${a.reviewNote}）` : ''}</Descriptions.Item>
            <Descriptions.Item label="信用">{a.grade} · {a.score} 分</Descriptions.Item>
            <Descriptions.Item label="入驻方式">{a.presence === 'hall' ? '大厅入驻' : '网上入驻'}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title="资质" extra={<Button onClick={() => setQualifying(true)}>登记资质</Button>}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={a?.qualifications}
          scroll={{ x: 600 }}
          columns={[
            { title: '服务事项', dataIndex: 'serviceTypeName' },
            { title: '证书', render: (_, q) => `${q.certificateNumber} ${q.grade}` },
            { title: '有效期至', dataIndex: 'validTo', width: 110 },
            { title: '状态', render: (_, q) => (q.usable ? <Tag color="green">有效</Tag> : <Tag color="red">已过期，该事项暂停</Tag>), width: 160 },
          ]}
        />
      </Card>
      <Card title="可报名的选取公告">
        <Table
          rowKey="id"
          loading={open.isLoading}
          dataSource={open.data?.announcements}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: '公告', render: (_, x) => `${x.number} ${x.projectName}` },
            { title: '服务事项', dataIndex: 'serviceTypeName' },
            { title: '方式', render: (_, x) => METHOD_LABELS[x.method], width: 110 },
            { title: '预算上限', render: (_, x) => `${x.budgetCeiling.toLocaleString('zh-CN')} 元`, width: 110 },
            { title: '截止', render: (_, x) => formatTime(x.responseDeadline), width: 150 },
            { title: '', render: (_, x) => <Button size="small" type="primary" onClick={() => setAnswering(x)}>报名</Button>, width: 80 },
          ]}
        />
      </Card>
      <Card title="服务合同">
        <Table
          rowKey="id"
          loading={contracts.isLoading}
          dataSource={contracts.data?.contracts}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: '项目', dataIndex: 'projectName' },
            { title: '服务事项', dataIndex: 'serviceTypeName' },
            { title: '期限', render: (_, c) => `至 ${c.dueDate}`, width: 120 },
            { title: '时限', render: (_, c) => <LightTag light={c.light} />, width: 100 },
            {
              title: '成果',
              width: 160,
              render: (_, c) =>
                c.status === 'running' ? (
                  <Upload beforeUpload={(file) => (void upload(c.id, file), false)} showUploadList={false} accept=".pdf,.ofd,.png,.jpg,.jpeg">
                    <Button size="small">提交成果</Button>
                  </Upload>
                ) : (
                  c.deliveredOn && `${c.deliveredOn} 已交付`
                ),
            },
          ]}
        />
      </Card>
      <RespondDialog announcement={answering} onClose={() => setAnswering(undefined)} />
      <QualificationDialog open={qualifying} onClose={() => setQualifying(false)} />
    </Space>
  );
}

function RespondDialog({ announcement, onClose }: { announcement: Announcement | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const respond = useSupermarketAction<{ id: number; values: Record<string, unknown> }>((b) => `/api/intermediary/announcements/${b.id}/responses`, (b) => b.values);
  return (
    <Modal
      title={`报名：${announcement?.projectName ?? ''}`}
      open={announcement !== undefined}
      onCancel={onClose}
      okText="提交报名"
      destroyOnHidden
      onOk={async () => {
        const values = await form.validateFields();
        try {
          await respond.mutateAsync({ id: announcement!.id, values });
          message.success('已报名；截止前可修改或撤回');
          onClose();
        } catch (error) {
          message.error(errorMessage(error));
        }
      }}
    >
      {announcement && (
        <Typography.Paragraph type="secondary">
          预算上限 {announcement.budgetCeiling.toLocaleString('zh-CN')} 元，服务期限 {dayUnitText(announcement.serviceDays, announcement.dayUnit)}。要求：{announcement.requirements}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="quote" label="报价（元）" rules={[{ required: true, message: '请填写报价' }]}>
          <InputNumber min={1} max={announcement?.budgetCeiling} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="promisedDays" label="承诺完成时限（天）" rules={[{ required: true, message: '请填写承诺时限' }]}>
          <InputNumber min={1} max={announcement?.serviceDays} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="服务方案简述">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function QualificationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const types = usePublicServiceTypes();
  const save = useSupermarketAction<Record<string, unknown>>(() => '/api/intermediary/me/qualifications');
  return (
    <Modal
      title="登记资质"
      open={open}
      onCancel={onClose}
      okText="保存"
      destroyOnHidden
      onOk={async () => {
        const values = await form.validateFields();
        const [from, to] = values.validity as [Dayjs, Dayjs];
        try {
          await save.mutateAsync({ serviceTypeId: values.serviceTypeId, certificateNumber: values.certificateNumber, grade: values.grade ?? '', feeStandard: values.feeStandard, validFrom: from.format('YYYY-MM-DD'), validTo: to.format('YYYY-MM-DD') });
          message.success('资质已保存');
          onClose();
        } catch (error) {
          message.error(errorMessage(error));
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="serviceTypeId" label="服务事项" rules={[{ required: true, message: '请选择服务事项' }]}>
          <Select options={types.data?.serviceTypes.map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
        <Form.Item name="certificateNumber" label="资质证书编号" rules={[{ required: true, message: '请填写证书编号' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="grade" label="资质等级">
          <Input />
        </Form.Item>
        <Form.Item name="validity" label="有效期" rules={[{ required: true, message: '请选择有效期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="feeStandard" label="收费标准" rules={[{ required: true, message: '请填写收费标准' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
