import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { LICENCE_STATUS, useWallet } from '../api/licences';
import { LicenceFacts } from '../licences/LicenceCard';

const EVENT_LABELS: Record<string, string> = {
  issued: '签发',
  changed: '变更（新版本）',
  renewed: '延续（新版本）',
  superseded: '被新版本取代',
  suspended: '中止',
  resumed: '恢复',
  cancelled: '注销',
  revoked: '吊销',
  expired: '有效期届满',
};

/** 我的证照: the holder's electronic licences, their faces, history and a link to verify each. */
export function WalletPage() {
  const { data, isLoading, error } = useWallet();
  if (isLoading) return <Skeleton active />;
  if (error) return <Alert type="error" message={error.message} />;
  return (
    <Card title="我的证照" extra={<Typography.Text type="secondary">办事时授权使用，相关材料免于提交</Typography.Text>}>
      {!data?.length && <Empty description="暂无电子证照；事项办结后签发的证照会出现在这里" />}
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {data?.map((licence) => (
          <Card
            key={licence.id}
            type="inner"
            data-testid="wallet-licence"
            title={
              <Space>
                <SafetyCertificateOutlined style={{ color: '#b8860b' }} />
                {licence.typeName}
                <Tag color={LICENCE_STATUS[licence.status]?.color}>{LICENCE_STATUS[licence.status]?.label}</Tag>
              </Space>
            }
            extra={
              <Space>
                <a href={`/api/licences/${licence.id}/pdf`} target="_blank" rel="noreferrer">
                  <FilePdfOutlined /> 下载证照
                </a>
                <a href={`/api/licences/${licence.id}/signed-data`} target="_blank" rel="noreferrer">
                  签名数据
                </a>
                <Link to={`/verify?id=${licence.identifier}`}>验真</Link>
              </Space>
            }
          >
            <LicenceFacts licence={licence} />
            <Table
              style={{ marginTop: 12 }}
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={licence.fields}
              columns={[
                { title: '项目', dataIndex: 'label', width: 180 },
                { title: '内容', dataIndex: 'value' },
              ]}
            />
            <Timeline
              style={{ marginTop: 16 }}
              items={licence.events.map((e) => ({ children: `${e.at.slice(0, 10)} 第 ${e.version} 版 ${EVENT_LABELS[e.action] ?? e.action}${e.reason ? `：${e.reason}` : ''}` }))}
            />
          </Card>
        ))}
      </Space>
    </Card>
  );
}
