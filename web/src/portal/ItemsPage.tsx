import { Card, Col, Empty, Input, Pagination, Row, Segmented, Select, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../api/auth';
import { useDepartments } from '../api/catalog';
import { limitText, TRIP_LABELS, useCatalogSearch } from '../api/catalog-admin';

const PAGE_SIZE = 12;
type Audience = 'all' | 'natural' | 'legal';

/**
 * 办事大厅: find an item by name, pinyin or department, for oneself (个人办事) or for an
 * enterprise (法人办事), a page at a time. The filters live in the address, so back and reload
 * keep them; an enterprise account starts on 法人办事, a citizen on 个人办事, a search on 全部.
 */
export function ItemsPage() {
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  // A search looks through every item unless the person chose 个人 or 法人; browsing starts on the account's own kind.
  const audience = (params.get('for') as Audience | null) ?? (q ? 'all' : me?.applicantKind === 'legal' ? 'legal' : 'natural');
  const departmentId = params.get('department') ? Number(params.get('department')) : undefined;
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const { data, isFetching } = useCatalogSearch({ q: q || undefined, departmentId, target: audience === 'all' ? undefined : audience, page, pageSize: PAGE_SIZE });
  const { data: departments } = useDepartments();

  const update = (patch: Record<string, string | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(patch)) if (value) next.set(key, value);
      else next.delete(key);
      // Any new filter starts again at the first page.
      if (!('page' in patch)) next.delete('page');
      return next;
    });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Input.Search
            key={q}
            defaultValue={q}
            aria-label="搜索事项"
            placeholder="搜索事项名称、拼音或首字母，如：食品经营许可、spjy"
            allowClear
            enterButton="搜索"
            onSearch={(value) => update({ q: value.trim() || undefined })}
          />
          <Space wrap>
            <Segmented<Audience>
              aria-label="服务对象"
              value={audience}
              onChange={(value) => update({ for: value })}
              options={[
                { value: 'natural', label: '个人办事' },
                { value: 'legal', label: '法人办事' },
                { value: 'all', label: '全部' },
              ]}
            />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              aria-label="按部门筛选"
              placeholder="按部门"
              style={{ width: 240, maxWidth: '100%' }}
              value={departmentId}
              onChange={(value?: number) => update({ department: value ? String(value) : undefined })}
              options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
            <Link to="/guide">按主题浏览全部事项与办事指南</Link>
          </Space>
        </Space>
      </Card>
      <Typography.Text type="secondary" data-testid="items-total" aria-live="polite">
        {data ? `${{ natural: '个人办事', legal: '法人办事', all: '全部事项' }[audience]}：共 ${data.total} 项` : '正在加载事项…'}
      </Typography.Text>
      {!isFetching && data && !data.items.length && <Empty description="没有找到相关事项，换个关键词或部门试试" />}
      <Row gutter={[16, 16]}>
        {(data?.items ?? []).map((item) => (
          <Col xs={24} md={12} xl={8} key={item.id}>
            <Card
              size="small"
              data-testid="item-card"
              title={<span style={{ whiteSpace: 'normal' }}>{item.name}</span>}
              styles={{ body: { minHeight: 110 } }}
              actions={[
                <Link key="apply" to={`/portal/apply/${item.id}`} aria-label={`在线申请：${item.name}`}>
                  在线申请
                </Link>,
                <Link key="guide" to={`/guide/${item.id}`} aria-label={`办事指南：${item.name}`}>
                  办事指南
                </Link>,
              ]}
            >
              <Space direction="vertical" size={4}>
                <Typography.Text type="secondary">{item.departmentName}</Typography.Text>
                <Space wrap size={[4, 4]}>
                  <Tag color={item.kind === 'immediate' ? 'green' : 'blue'}>{item.kind === 'immediate' ? '即办件' : '承诺件'}</Tag>
                  <Tag>承诺 {limitText(item.promisedLimitText, item.promisedLimitDays, item.promisedLimitUnit)}</Tag>
                  <Tag>{TRIP_LABELS[item.trips]}</Tag>
                  {item.target !== 'natural' && audience !== 'legal' && <Tag color="geekblue">{item.target === 'legal' ? '法人' : '个人、法人'}</Tag>}
                </Space>
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      {(data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          align="center"
          current={page}
          pageSize={PAGE_SIZE}
          total={data?.total}
          showSizeChanger={false}
          showTotal={(total) => `共 ${total} 项`}
          onChange={(next) => {
            update({ page: String(next) });
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </Space>
  );
}
