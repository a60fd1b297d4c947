import { BarChartOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useDepartments } from '../../api/catalog';
import { limitText, STATUS_LABELS, useAdminItems, useCatalogThemes, type ItemSearch, type ItemStatus, type ItemSummary } from '../../api/catalog-admin';

/** 事项目录管理: every item of the centre in any state, searchable like the public catalogue. */
export function CatalogListPage() {
  const [params, setParams] = useState<ItemSearch>({ page: 1, pageSize: 20 });
  const { data, isFetching } = useAdminItems(params);
  const { data: departments } = useDepartments();
  const { data: themes } = useCatalogThemes();
  const navigate = useNavigate();
  const set = (patch: Partial<ItemSearch>) => setParams((p) => ({ ...p, ...patch, page: patch.page ?? 1 }));

  return (
    <Card
      title="事项目录"
      extra={
        <Space wrap>
          <Link to="/admin/catalog/stats">
            <Button icon={<BarChartOutlined />}>统计</Button>
          </Link>
          <Link to="/admin/catalog/import">
            <Button icon={<UploadOutlined />}>导入</Button>
          </Link>
          <Button icon={<DownloadOutlined />} href="/api/admin/items/export.xlsx">
            导出
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/admin/catalog/new')}>
            新建事项
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search aria-label="搜索事项" placeholder="名称、拼音或首字母，如 spjy" allowClear onSearch={(q) => set({ q: q || undefined })} style={{ width: 260 }} />
        <Select allowClear aria-label="按部门筛选" placeholder="部门" style={{ width: 220 }} onChange={(departmentId?: number) => set({ departmentId })} options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))} showSearch optionFilterProp="label" />
        <Select allowClear aria-label="按事项类型筛选" placeholder="事项类型" style={{ width: 140 }} onChange={(itemType?: ItemSearch['itemType']) => set({ itemType })} options={(themes?.itemTypes ?? []).map((t) => ({ value: t.code, label: t.name }))} />
        <Select
          allowClear
          aria-label="按状态筛选"
          placeholder="状态"
          style={{ width: 120 }}
          onChange={(status?: ItemStatus) => set({ status })}
          options={Object.entries(STATUS_LABELS).map(([value, s]) => ({ value, label: s.text }))}
        />
      </Space>
      <Table<ItemSummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 项`,
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })),
        }}
        columns={[
          {
            title: '事项名称',
            dataIndex: 'name',
            render: (name: string, item) => (
              <Space direction="vertical" size={0}>
                <Link to={`/admin/catalog/${item.id}`}>{name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: item.code }}>
                  {item.basicCode}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '类型', dataIndex: 'itemTypeName', width: 110 },
          { title: '责任部门', dataIndex: 'departmentName', width: 200 },
          {
            title: '时限（法定 / 承诺）',
            width: 220,
            render: (_, item) => (
              <span>
                {limitText(item.legalLimitText, item.legalLimitDays, item.legalLimitUnit)} / {limitText(item.promisedLimitText, item.promisedLimitDays, item.promisedLimitUnit)}
              </span>
            ),
          },
          { title: '办件类型', dataIndex: 'kind', width: 90, render: (kind: string) => <Tag color={kind === 'immediate' ? 'green' : 'blue'}>{kind === 'immediate' ? '即办件' : '承诺件'}</Tag> },
          { title: '状态', dataIndex: 'status', width: 100, render: (status: ItemStatus) => <Tag color={STATUS_LABELS[status].color}>{STATUS_LABELS[status].text}</Tag> },
          {
            title: '',
            width: 90,
            render: (_, item) => (item.status === 'published' ? <Link to={`/guide/${item.id}`}>办事指南</Link> : null),
          },
        ]}
      />
    </Card>
  );
}
