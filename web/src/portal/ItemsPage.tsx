import { Card, Col, Empty, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useDepartments, useItems } from '../api/catalog';
import { limitText } from '../api/catalog-admin';

/** 办事大厅: find an item by name or department and apply. */
export function ItemsPage() {
  const [q, setQ] = useState('');
  const [departmentId, setDepartmentId] = useState<number | undefined>();
  const { data: items, isLoading } = useItems({ q: q || undefined, departmentId });
  const { data: departments } = useDepartments();
  return (
    <div>
      <Space wrap style={{ marginBottom: 16, width: '100%' }}>
        <Input.Search placeholder="搜索事项名称、拼音或首字母，如：食品经营许可、spjy" allowClear onSearch={setQ} style={{ width: 320, maxWidth: '100%' }} />
        <Select
          allowClear
          placeholder="按部门"
          style={{ width: 240, maxWidth: '100%' }}
          value={departmentId}
          onChange={setDepartmentId}
          options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
        <Link to="/guide">按主题、部门浏览全部事项与办事指南</Link>
      </Space>
      {!isLoading && !items?.length && <Empty description="没有找到相关事项" />}
      <Row gutter={[16, 16]}>
        {(items ?? []).map((item) => (
          <Col xs={24} md={12} xl={8} key={item.id}>
            <Card
              loading={isLoading}
              title={item.name}
              extra={<Link to={`/portal/apply/${item.id}`}>在线申请</Link>}
              styles={{ body: { minHeight: 120 } }}
            >
              <Space direction="vertical" size={4}>
                <Typography.Text type="secondary">{item.departmentName}</Typography.Text>
                <Space wrap>
                  <Tag color={item.kind === 'immediate' ? 'green' : 'blue'}>{item.kind === 'immediate' ? '即办件' : '承诺件'}</Tag>
                  <Tag>承诺 {limitText(item.promisedLimitText, item.promisedLimitDays, item.promisedLimitUnit)}</Tag>
                  {item.legalLimitDays !== null && <Tag>法定 {limitText(item.legalLimitText, item.legalLimitDays, item.legalLimitUnit)}</Tag>}
                </Space>
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                  {item.description}
                </Typography.Paragraph>
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
