import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Progress, Segmented, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../api/client';
import { useDepartments } from '../api/catalog';

interface Row {
  key: number;
  total: number;
  satisfied: number;
  bad: number;
  average: number;
  satisfactionRate: number;
  badRate: number;
}

/** 好差评公开: satisfaction and 差评 rates by department for a month (at least 5 ratings to be ranked). */
export function RatingsPage() {
  const [month, setMonth] = useState(dayjs());
  const [minCount, setMinCount] = useState(5);
  const from = month.startOf('month').format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const { data, isLoading } = useQuery({
    queryKey: ['rating-stats', from, to, minCount],
    queryFn: () => api.get<{ rows: Row[] }>(`/api/ratings/stats?by=department&from=${from}&to=${to}&minCount=${minCount}`),
  });
  const { data: departments } = useDepartments();
  const name = (id: number) => departments?.find((d) => d.id === id)?.name ?? `部门 ${id}`;
  return (
    <Card
      title="好差评公示 · 部门满意率排名"
      extra={
        <Space wrap>
          <DatePicker picker="month" value={month} onChange={(v) => v && setMonth(v)} allowClear={false} />
          <Segmented value={minCount} onChange={(v) => setMinCount(Number(v))} options={[{ value: 1, label: '全部' }, { value: 5, label: '≥5 条' }, { value: 20, label: '≥20 条' }]} />
        </Space>
      }
    >
      <Table<Row>
        rowKey="key"
        loading={isLoading}
        dataSource={data?.rows ?? []}
        pagination={false}
        locale={{ emptyText: '本月暂无足够的评价' }}
        columns={[
          { title: '排名', render: (_: unknown, __: Row, index: number) => index + 1, width: 70 },
          { title: '部门', render: (_: unknown, r: Row) => name(r.key) },
          { title: '评价数', dataIndex: 'total' },
          { title: '满意率', render: (_: unknown, r: Row) => <Progress percent={Math.round(r.satisfactionRate * 1000) / 10} size="small" /> },
          { title: '差评率', render: (_: unknown, r: Row) => `${(r.badRate * 100).toFixed(1)}%` },
          { title: '平均分', dataIndex: 'average' },
        ]}
      />
    </Card>
  );
}
