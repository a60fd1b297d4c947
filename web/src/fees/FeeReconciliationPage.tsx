import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Card, DatePicker, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { useReconciliation } from '../api/fees';

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** 收费对账: what each day brought in, per department and channel, with the line-by-line export. */
export function FeeReconciliationPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const { data, error, isLoading } = useReconciliation(from, to);
  return (
    <Card title="收费对账">
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          aria-label="对账期间"
          value={range}
          allowClear={false}
          onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
        />
        <a href={`/api/fees/payments.xlsx?from=${from}&to=${to}`}>
          <DownloadOutlined /> 导出明细（Excel）
        </a>
        <a href={`/api/fees/payments.csv?from=${from}&to=${to}`}>
          <DownloadOutlined /> 导出明细（CSV）
        </a>
      </Space>
      {error && <Alert type="error" showIcon message={errorMessage(error)} />}
      {data && (
        <Space size="large" wrap style={{ marginBottom: 16 }}>
          <Statistic title="实收笔数" value={data.total.count} />
          <Statistic title="实收金额（元）" value={yuan(data.total.amountFen)} />
        </Space>
      )}
      <Table
        rowKey="day"
        loading={isLoading}
        scroll={{ x: 'max-content' }}
        dataSource={data?.days ?? []}
        locale={{ emptyText: '该期间没有收费' }}
        columns={[
          { title: '日期', dataIndex: 'day' },
          { title: '笔数', dataIndex: 'count' },
          { title: '金额（元）', dataIndex: 'amountFen', render: yuan },
        ]}
        expandable={{
          expandedRowRender: (day) => (
            <Table
              rowKey={(d) => `${d.departmentName}-${d.gatewayLabel}`}
              size="small"
              pagination={false}
              dataSource={day.departments}
              columns={[
                { title: '执收单位', dataIndex: 'departmentName' },
                { title: '支付渠道', dataIndex: 'gatewayLabel' },
                { title: '笔数', dataIndex: 'count' },
                { title: '金额（元）', dataIndex: 'amountFen', render: yuan },
              ]}
            />
          ),
        }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        按缴费到账日（北京时间）统计；明细含办件编号、通知书编号、缴款码和渠道流水号，供与财政非税收入系统逐笔核对。
      </Typography.Paragraph>
    </Card>
  );
}
