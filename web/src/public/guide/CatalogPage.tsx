import { Card, Col, Empty, Input, Pagination, Row, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useDepartments } from '../../api/catalog';
import { limitText, TRIP_LABELS, useCatalogSearch, useCatalogThemes, type ItemSearch } from '../../api/catalog-admin';

/**
 * 事项目录 (public): find an item by typing Chinese, pinyin or initials (spjy → 食品经营许可), or
 * browse by life event / enterprise theme, department and type.
 */
export function CatalogPage() {
  const [params, setParams] = useState<ItemSearch>({ page: 1, pageSize: 12 });
  // 全部 until the visitor picks 个人 or 法人, so what looks selected is what the list shows.
  const [audience, setAudience] = useState<'all' | 'natural' | 'legal'>('all');
  const { data, isFetching } = useCatalogSearch(params);
  const { data: meta } = useCatalogThemes();
  const { data: departments } = useDepartments();
  const set = (patch: Partial<ItemSearch>) => setParams((p) => ({ ...p, ...patch, page: patch.page ?? 1 }));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Input.Search
          size="large"
          placeholder="输入事项名称、拼音或首字母，如：食品经营许可、shipin、spjy"
          allowClear
          enterButton="搜索"
          aria-label="搜索事项"
          onSearch={(q) => set({ q: q || undefined })}
          onChange={(e) => !e.target.value && set({ q: undefined })}
        />
        <Space wrap style={{ marginTop: 12 }}>
          <Segmented
            value={audience}
            aria-label="服务对象"
            onChange={(v) => {
              setAudience(v as 'all' | 'natural' | 'legal');
              set({ theme: undefined, target: v === 'all' ? undefined : (v as 'natural' | 'legal') });
            }}
            options={[
              { value: 'all', label: '全部' },
              { value: 'natural', label: '个人办事' },
              { value: 'legal', label: '法人办事' },
            ]}
          />
          <Select allowClear aria-label="按部门筛选" placeholder="部门" style={{ width: 220, maxWidth: '100%' }} showSearch optionFilterProp="label" onChange={(departmentId?: number) => set({ departmentId })} options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          <Select allowClear aria-label="按事项类型筛选" placeholder="事项类型" style={{ width: 150, maxWidth: '100%' }} onChange={(itemType?: ItemSearch['itemType']) => set({ itemType })} options={(meta?.itemTypes ?? []).map((t) => ({ value: t.code, label: t.name }))} />
        </Space>
        <div style={{ marginTop: 12 }}>
          {(meta?.themes ?? [])
            .filter((t) => (audience === 'all' || t.audience === audience) && t.count > 0)
            .map((t) => (
              <Tag.CheckableTag key={`${t.audience}-${t.name}`} checked={params.theme === t.name} onChange={(checked) => set({ theme: checked ? t.name : undefined, target: audience === 'all' ? undefined : audience })} style={{ marginBottom: 8 }}>
                {t.name}（{t.count}）
              </Tag.CheckableTag>
            ))}
        </div>
      </Card>
      {!isFetching && !data?.items.length && <Empty description="没有找到相关事项" />}
      <Row gutter={[16, 16]}>
        {(data?.items ?? []).map((item) => (
          <Col xs={24} md={12} xl={8} key={item.id}>
            <Card title={<Link to={`/guide/${item.id}`}>{item.name}</Link>} size="small" extra={<Link to={`/portal/apply/${item.id}`}>在线申请</Link>}>
              <Typography.Text type="secondary">{item.departmentName}</Typography.Text>
              <div style={{ marginTop: 8 }}>
                <Tag color={item.kind === 'immediate' ? 'green' : 'blue'}>{item.kind === 'immediate' ? '即办件' : '承诺件'}</Tag>
                <Tag>承诺 {limitText(item.promisedLimitText, item.promisedLimitDays, item.promisedLimitUnit)}</Tag>
                <Tag>{TRIP_LABELS[item.trips]}</Tag>
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      {(data?.total ?? 0) > (params.pageSize ?? 12) && (
        <Pagination align="center" current={params.page} pageSize={params.pageSize} total={data?.total} showTotal={(t) => `共 ${t} 项`} onChange={(page) => setParams((p) => ({ ...p, page }))} />
      )}
    </Space>
  );
}
