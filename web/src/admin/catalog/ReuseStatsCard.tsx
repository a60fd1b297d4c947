import { Alert, Card, Table, Tabs } from 'antd';
import { useReuseStatistics, type TReuseStatistics } from '../../api/licence-admin';

const share = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '—');

type Row = TReuseStatistics['items'][number] | TReuseStatistics['departments'][number];

const figures = [
  { title: '材料', dataIndex: 'materials' },
  { title: '免提交材料', dataIndex: 'exempt', render: (n: number, r: Row) => `${n}（${share(n, r.materials)}）` },
  { title: '可告知承诺', dataIndex: 'commitmentAllowed' },
  { title: '申请', dataIndex: 'submissions' },
  { title: '用证代替上传的申请', dataIndex: 'submissionsWithLicence', render: (n: number, r: Row) => `${n}（${share(n, r.submissions)}）` },
  { title: '用证材料', dataIndex: 'licenceUses' },
  { title: '共享获取', dataIndex: 'sharedUses' },
  { title: '告知承诺', dataIndex: 'commitments' },
];

/** 减证便民: per department and per item, the materials now exempt and the submissions that used a licence instead of an upload. */
export function ReuseStatsCard() {
  const { data, isLoading, error } = useReuseStatistics();
  return (
    <Card title="减证便民（免提交材料与用证情况）">
      {error && <Alert type="error" message={error.message} />}
      <Tabs
        items={[
          {
            key: 'departments',
            label: '按部门',
            children: <Table rowKey="departmentId" size="small" loading={isLoading} dataSource={data?.departments ?? []} pagination={{ pageSize: 10 }} columns={[{ title: '部门', dataIndex: 'departmentName' }, { title: '事项', dataIndex: 'items' }, ...figures]} />,
          },
          {
            key: 'items',
            label: '按事项',
            children: <Table rowKey="itemId" size="small" loading={isLoading} dataSource={data?.items ?? []} pagination={{ pageSize: 10 }} columns={[{ title: '事项', dataIndex: 'itemName' }, { title: '部门', dataIndex: 'departmentName' }, ...figures]} />,
          },
        ]}
      />
    </Card>
  );
}
