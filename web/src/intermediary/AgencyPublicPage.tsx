import { FilePdfOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { AGENCY_STATUS, usePublicAgency } from '../api/intermediary';

/** One intermediary's public page (the contact card's QR leads here): qualifications, fees, how its score is made. */
export function AgencyPublicPage() {
  const id = Number(useParams().id);
  const { data, isLoading, error } = usePublicAgency(Number.isInteger(id) ? id : 0);
  if (isLoading) return <Spin style={{ display: 'block', margin: '120px auto' }} />;
  const a = data?.intermediary;
  if (error || !a) return <Result status="404" title="没有这个中介机构" extra={<Link to="/intermediary">返回中介超市</Link>} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={a.name}
        extra={
          <Button icon={<FilePdfOutlined />} href={`/api/public/intermediary/agencies/${a.id}/card.pdf`} target="_blank">
            联系卡
          </Button>
        }
      >
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label="统一社会信用代码">{a.creditCode}</Descriptions.Item>
          <Descriptions.Item label="状态">{AGENCY_STATUS[a.status]}{a.sanctionEndsOn ? `（至 ${a.sanctionEndsOn}）` : ''}</Descriptions.Item>
          <Descriptions.Item label="入驻方式">{a.presence === 'hall' ? '实体中介超市（大厅入驻）' : '网上中介超市'}</Descriptions.Item>
          <Descriptions.Item label="信用等级">
            <Tag color={a.score >= 80 ? 'green' : a.score >= 60 ? 'gold' : 'red'}>{a.grade}</Tag>
            {a.score} 分
          </Descriptions.Item>
          <Descriptions.Item label="联系人">{a.contactName}</Descriptions.Item>
          <Descriptions.Item label="电话">{a.phone}</Descriptions.Item>
          <Descriptions.Item label="地址" span={2}>{a.address}</Descriptions.Item>
        </Descriptions>
        {a.introduction && <Typography.Paragraph style={{ marginTop: 12 }}>{a.introduction}</Typography.Paragraph>}
      </Card>
      <Card title="资质与收费标准">
        <Table
          rowKey="id"
          pagination={false}
          dataSource={a.qualifications}
          scroll={{ x: 640 }}
          columns={[
            { title: '服务事项', dataIndex: 'serviceTypeName' },
            { title: '资质证书', render: (_, q) => `${q.certificateNumber} ${q.grade}` },
            { title: '有效期', render: (_, q) => `${q.validFrom} 至 ${q.validTo}` },
            { title: '收费标准', dataIndex: 'feeStandard' },
            { title: '状态', render: (_, q) => (q.usable ? <Tag color="green">有效</Tag> : <Tag>已过期或暂停</Tag>), width: 110 },
          ]}
        />
      </Card>
      <Card title="信用分的构成">
        <Table
          rowKey="rule"
          pagination={false}
          size="small"
          dataSource={a.scoreLines}
          columns={[
            { title: '项目', dataIndex: 'label' },
            { title: '次数', dataIndex: 'count', width: 80 },
            { title: '分值', dataIndex: 'points', width: 80 },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>合计（0–100 分）</Table.Summary.Cell>
              <Table.Summary.Cell index={1} />
              <Table.Summary.Cell index={2}>{a.score}</Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Card>
    </Space>
  );
}
