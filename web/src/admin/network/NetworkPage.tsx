import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LevelStats } from '../../supervise/LevelStats';
import { ComplianceTab } from './ComplianceTab';
import { LevelModesTab } from './LevelModesTab';
import { RankingTab } from './RankingTab';
import { errorMessage } from '../../api/client';
import { CENTRE_KIND_LABELS, useCreateCentre, useManagedCentres, useRegions, type TCentre } from '../../api/network';

const KINDS_BY_LEVEL: Record<string, TCentre['kind'][]> = {
  province: ['centre', 'branch'],
  city: ['centre', 'branch'],
  county: ['centre', 'branch'],
  town: ['town_centre'],
  village: ['agency_point', 'village_station'],
};

/** 服务网络: the centres, what each level offers, 应进必进, the assessment of lower centres, statistics by level. */
export function NetworkPage() {
  const [params, setParams] = useSearchParams();
  return (
    <Card title="服务网络（市、县、乡镇、村四级）">
      <Tabs
        activeKey={params.get('tab') ?? 'centres'}
        onChange={(tab) => setParams({ tab }, { replace: true })}
        items={[
          { key: 'centres', label: '网点', children: <CentresTab /> },
          { key: 'levels', label: '事项层级办理方式', children: <LevelModesTab /> },
          { key: 'compliance', label: '应进必进', children: <ComplianceTab editable /> },
          { key: 'ranking', label: '下级中心考核', children: <RankingTab editable /> },
          { key: 'stats', label: '分级统计', children: <LevelStats /> },
        ]}
      />
    </Card>
  );
}

/** The centres at every level below the administrator's, and opening a new one. */
function CentresTab() {
  const { message } = App.useApp();
  const { data: centres = [], isLoading } = useManagedCentres();
  const own = centres[0];
  const { data: regions = [] } = useRegions(own?.regionCode);
  const create = useCreateCentre();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const regionCode = Form.useWatch('regionCode', form) as string | undefined;
  const level = regions.find((r) => r.code === regionCode)?.level;
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? code;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setOpen(true)}>设立网点</Button>
      <Table<TCentre>
        rowKey="id"
        loading={isLoading}
        dataSource={centres}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name', render: (name: string, c) => <Link to={`/admin/network/${c.id}`}>{name}</Link> },
          { title: '类型', dataIndex: 'kind', render: (k: TCentre['kind']) => CENTRE_KIND_LABELS[k] },
          { title: '区划', render: (_: unknown, c) => `${c.regionName}（${c.regionCode}）` },
          { title: '地址', dataIndex: 'address' },
          { title: '办公时间', dataIndex: 'hours' },
          { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">运行</Tag> : <Tag>已关闭</Tag>) },
        ]}
      />
      <Modal
        title="设立网点"
        open={open}
        okText="设立"
        confirmLoading={create.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (values: { name: string; regionCode: string; kind: TCentre['kind']; address?: string; phone?: string; hours?: string; areas?: string }) => {
            try {
              const parent = centres.find((c) => values.regionCode.startsWith(c.regionCode.replace(/0+$/, '')) && c.kind !== 'agency_point' && c.regionCode !== values.regionCode);
              await create.mutateAsync({
                name: values.name,
                regionCode: values.regionCode,
                kind: values.kind,
                parentCentreId: parent?.id ?? own?.id ?? null,
                address: values.address ?? '',
                phone: values.phone ?? '',
                hours: values.hours ?? '',
                functionalAreas: (values.areas ?? '').split(/[，,、\s]+/).filter(Boolean),
              });
              message.success('网点已设立');
              setOpen(false);
              form.resetFields();
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Form.Item name="regionCode" label="所在区划" rules={[{ required: true, message: '请选择区划' }]}>
            <Select
              id="centre-region"
              showSearch
              optionFilterProp="label"
              options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.statCode}）` }))}
            />
          </Form.Item>
          <Form.Item htmlFor="centre-kind" name="kind" label="网点类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select id="centre-kind" options={(level ? KINDS_BY_LEVEL[level]! : []).map((k) => ({ value: k, label: CENTRE_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item htmlFor="centre-name" name="name" label="名称" rules={[{ required: true, min: 2, message: '请填写名称' }]}>
            <Input id="centre-name" placeholder={regionCode ? `${regionName(regionCode)}便民服务中心` : ''} />
          </Form.Item>
          <Form.Item htmlFor="centre-address" name="address" label="地址">
            <Input id="centre-address" />
          </Form.Item>
          <Form.Item htmlFor="centre-hours" name="hours" label="办公时间">
            <Input id="centre-hours" placeholder="周一至周五 8:30–11:30，13:00–17:00" />
          </Form.Item>
          <Form.Item htmlFor="centre-areas" name="areas" label="功能区（用逗号分隔）">
            <Input id="centre-areas" placeholder="综合受理区，自助服务区，等候区" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
