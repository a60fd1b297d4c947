import { Button, Card, Col, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useBundles } from '../api/joint';

/** 一件事: the bundles to choose from (an agent's link carries the client along). */
export function BundlesPage({ base = '/portal/bundles' }: { base?: string }) {
  const { data, isLoading } = useBundles('bundle');
  const [params] = useSearchParams();
  const suffix = params.get('applicantId') ? `?applicantId=${params.get('applicantId')}` : '';
  if (isLoading) return <Skeleton active />;
  return (
    <Card title="一件事一次办">
      <Row gutter={[16, 16]}>
        {(data ?? []).map((b) => (
          <Col key={b.id} xs={24} md={12} lg={8}>
            <Card
              data-testid="bundle-card"
              title={b.name}
              extra={<Tag color="blue">{b.promisedLimitDays} 个工作日</Tag>}
              actions={[
                <Link key="apply" to={`${base}/${b.id}${suffix}`}>
                  <Button type="primary">一表申请</Button>
                </Link>,
              ]}
            >
              <Typography.Paragraph ellipsis={{ rows: 3 }}>{b.description}</Typography.Paragraph>
              <Space wrap size={[4, 4]}>
                {b.members.map((m) => (
                  <Tag key={m.itemId} color={m.required ? 'geekblue' : 'default'}>
                    {m.itemName}
                  </Tag>
                ))}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
