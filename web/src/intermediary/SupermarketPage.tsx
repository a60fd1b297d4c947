import { Card, Descriptions, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import {
  AGENCY_STATUS,
  ANNOUNCEMENT_STATUS,
  dayUnitText,
  METHOD_LABELS,
  usePublicAgencies,
  usePublicAnnouncements,
  usePublicServiceTypes,
  useSupermarketStats,
} from '../api/intermediary';
import { formatTime } from '../components/format';

/** 中介超市 (public): the list of services and fees, the intermediaries ranked by credit, announcements and results, statistics. */
export function SupermarketPage() {
  const types = usePublicServiceTypes();
  const agencies = usePublicAgencies();
  const announcements = usePublicAnnouncements();
  const stats = useSupermarketStats();
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        中介超市
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        审批所需的中介服务由项目业主在中介超市自主选取，任何部门和个人不得指定或限定中介机构。入驻机构的资质、收费标准、评价与信用等级全部公开。
      </Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'types',
            label: '中介服务事项清单',
            children: (
              <Table
                rowKey="id"
                loading={types.isLoading}
                dataSource={types.data?.serviceTypes}
                pagination={false}
                scroll={{ x: 720 }}
                columns={[
                  { title: '编码', dataIndex: 'code', width: 90 },
                  { title: '服务事项', dataIndex: 'name' },
                  { title: '设立依据', dataIndex: 'legalBasis' },
                  { title: '收费依据', dataIndex: 'feeBasis' },
                  { title: '通常时限', render: (_, t) => dayUnitText(t.usualDays, t.dayUnit), width: 120 },
                  { title: '需要它的审批事项', render: (_, t) => t.items.map((i) => <Link key={i.id} to={`/guide/${i.id}`} style={{ marginRight: 8 }}>{i.name}</Link>) },
                ]}
              />
            ),
          },
          {
            key: 'agencies',
            label: '入驻机构与信用排名',
            children: (
              <Table
                rowKey="id"
                loading={agencies.isLoading}
                dataSource={agencies.data?.intermediaries}
                pagination={false}
                scroll={{ x: 720 }}
                columns={[
                  { title: '排名', render: (_, __, i) => i + 1, width: 60 },
                  { title: '机构', render: (_, a) => <Link to={`/intermediary/agencies/${a.id}`}>{a.name}</Link> },
                  { title: '入驻方式', render: (_, a) => (a.presence === 'hall' ? '大厅入驻' : '网上入驻'), width: 100 },
                  { title: '服务事项', render: (_, a) => a.qualifications.map((q) => <Tag key={q.id} color={q.usable ? 'blue' : 'default'}>{q.serviceTypeName}{q.usable ? '' : '（暂停）'}</Tag>) },
                  { title: '信用', render: (_, a) => <Tag color={a.score >= 80 ? 'green' : a.score >= 60 ? 'gold' : 'red'}>{a.grade} · {a.score} 分</Tag>, width: 120 },
                  { title: '状态', render: (_, a) => AGENCY_STATUS[a.status], width: 80 },
                ]}
              />
            ),
          },
          {
            key: 'announcements',
            label: '选取公告与结果公示',
            children: announcements.data?.announcements.length ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                {announcements.data.announcements.map((a) => (
                  <Card key={a.id} size="small" title={`${a.projectName} · ${a.serviceTypeName}`} extra={<Tag color={a.status === 'open' ? 'processing' : 'default'}>{ANNOUNCEMENT_STATUS[a.status]}</Tag>}>
                    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
                      <Descriptions.Item label="公告编号">{a.number}</Descriptions.Item>
                      <Descriptions.Item label="项目业主">{a.ownerName}</Descriptions.Item>
                      <Descriptions.Item label="选取方式">{METHOD_LABELS[a.method]}</Descriptions.Item>
                      <Descriptions.Item label="预算上限">{a.budgetCeiling.toLocaleString('zh-CN')} 元</Descriptions.Item>
                      <Descriptions.Item label="服务期限">{dayUnitText(a.serviceDays, a.dayUnit)}</Descriptions.Item>
                      <Descriptions.Item label="报名截止">{formatTime(a.responseDeadline)}</Descriptions.Item>
                      {a.selectedIntermediaryName && <Descriptions.Item label="选定机构">{a.selectedIntermediaryName}</Descriptions.Item>}
                      {a.publicityEndsOn && <Descriptions.Item label="公示至">{a.publicityEndsOn}</Descriptions.Item>}
                      {a.drawSeed && <Descriptions.Item label="抽取种子（可复核）"><Typography.Text code copyable style={{ fontSize: 12 }}>{a.drawSeed.slice(0, 16)}…</Typography.Text></Descriptions.Item>}
                    </Descriptions>
                    <Typography.Paragraph style={{ marginBottom: 0 }}>服务要求：{a.requirements}</Typography.Paragraph>
                  </Card>
                ))}
              </Space>
            ) : (
              <Empty description="暂无公告" />
            ),
          },
          {
            key: 'stats',
            label: '统计',
            children: (
              <Table
                rowKey="serviceTypeId"
                loading={stats.isLoading}
                dataSource={stats.data?.rows}
                pagination={false}
                scroll={{ x: 900 }}
                title={() => (stats.data ? `${stats.data.from} 至 ${stats.data.to}` : '')}
                columns={[
                  { title: '服务事项', dataIndex: 'name' },
                  { title: '公告数', dataIndex: 'announcements', width: 80 },
                  { title: '平均报名家数', render: (_, r) => r.responsesPerAnnouncement ?? '—', width: 110 },
                  { title: '成交价/预算', render: (_, r) => (r.priceToBudget === null ? '—' : `${(r.priceToBudget * 100).toFixed(1)}%`), width: 110 },
                  { title: '用时/承诺时限', render: (_, r) => (r.timeUsedToPromised === null ? '—' : `${(r.timeUsedToPromised * 100).toFixed(0)}%`), width: 120 },
                  { title: '超期交付', dataIndex: 'lateDeliveries', width: 90 },
                  { title: '超期未交付', dataIndex: 'overdueRunning', width: 100 },
                  { title: '等级分布', render: (_, r) => Object.entries(r.grades).map(([g, n]) => <Tag key={g}>{g}：{n}</Tag>) },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
