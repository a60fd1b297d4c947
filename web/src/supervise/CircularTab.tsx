import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCircular, type CircularLine } from '../api/supervision';
import { chinaToday, decimal, percent } from './format';
import { useSeatParams } from './SuperviseHome';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const red = (v: number) => <span style={{ color: v ? '#cf1322' : undefined, fontWeight: v ? 600 : undefined }}>{v}</span>;

/** 月度通报: departments ranked for a month; the late ones named in red, with Excel and PDF to publish. */
export function CircularTab() {
  const { params, update } = useSeatParams();
  const thisMonth = chinaToday().slice(0, 7);
  const month = MONTH.test(params.get('month') ?? '') && params.get('month')! <= thisMonth ? params.get('month')! : thisMonth;
  const { data, isFetching, error } = useCircular(month);
  const flagged = data?.lines.filter((l) => l.flagged) ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
          onChange={(d) => d && update({ month: d.format('YYYY-MM') })}
        />
        <Button icon={<DownloadOutlined />} href={`/api/supervision/circular.xlsx?month=${month}`} data-testid="download-xlsx">
          下载 Excel
        </Button>
        <Button icon={<DownloadOutlined />} href={`/api/supervision/circular.pdf?month=${month}`} data-testid="download-pdf">
          下载 PDF
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error.message} />}
      {data && (
        <div>
          <Typography.Title level={4} style={{ textAlign: 'center', marginBottom: 4 }}>
            {data.regionName}政务服务{Number(month.slice(0, 4))}年{Number(month.slice(5))}月办件情况通报
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            统计期间：{data.from} 至 {data.to}　通报日期：{data.issuedOn}　合计收件 {data.total.received} 件，办结 {data.total.completed} 件，按时办结率 {percent(data.total.onTimeRate)}
          </Typography.Paragraph>
          {flagged.length > 0 ? (
            <Alert
              type="error"
              showIcon
              data-testid="circular-flagged"
              message={`通报：${flagged.map((l) => l.departmentName).join('、')}存在超期办件或督办逾期未复，请于 5 个工作日内书面说明原因并整改。`}
            />
          ) : (
            <Alert type="success" showIcon message="本月无超期办件。" />
          )}
        </div>
      )}
      <Table<CircularLine>
        rowKey="departmentId"
        size="small"
        loading={isFetching && !data}
        dataSource={data?.lines ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={{ emptyText: '该月没有办件' }}
        onRow={(l) => ({ 'data-testid': 'circular-row', 'data-flagged': String(l.flagged), style: l.flagged ? { background: '#fff1f0' } : undefined }) as never}
        columns={[
          { title: '排名', dataIndex: 'rank', align: 'center', width: 60 },
          {
            title: '部门',
            dataIndex: 'departmentName',
            render: (v: string, l) => (
              <span style={{ color: l.flagged ? '#cf1322' : undefined, fontWeight: l.flagged ? 600 : undefined }}>
                {v.replace(/^梅河口市/, '')} {l.flagged && <Tag color="red">通报</Tag>}
              </span>
            ),
          },
          { title: '收件', dataIndex: 'received', align: 'right' },
          { title: '办结', dataIndex: 'completed', align: 'right' },
          { title: '办结率', dataIndex: 'completionRate', align: 'right', render: percent },
          { title: '按时办结率', dataIndex: 'onTimeRate', align: 'right', render: percent },
          {
            title: <span title="提前办结的承诺件 ÷ 办结的承诺件（即办件不计提前）">提前办结率</span>,
            dataIndex: 'earlyRate',
            align: 'right',
            render: (v: number | null, l) => (
              <span>
                {percent(v)} <span style={{ color: '#8c8c8c' }}>（{l.early}/{l.completedPromised}）</span>
              </span>
            ),
          },
          { title: '平均用时 / 承诺', align: 'right', render: (_: unknown, l) => `${decimal(l.avgWorkdaysUsed)} / ${decimal(l.avgPromisedWorkdays)}` },
          { title: '超期办结', dataIndex: 'late', align: 'right', render: red },
          { title: '在办超期', dataIndex: 'openOverdue', align: 'right', render: red },
          { title: '中止', dataIndex: 'stops', align: 'right' },
          { title: '延期', dataIndex: 'extensions', align: 'right' },
          { title: '督办', align: 'right', render: (_: unknown, l) => (l.directivesOverdue ? <span>{l.directives}（{red(l.directivesOverdue)} 未复）</span> : l.directives) },
          { title: '评价 / 满意率', align: 'right', render: (_: unknown, l) => (l.ratings ? `${l.ratings} / ${percent(l.satisfactionRate)}` : '—') },
          { title: '差评', dataIndex: 'badRatings', align: 'right', render: red },
        ]}
      />
    </Space>
  );
}
