import { FilePdfOutlined, FormOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Grid, Image, List, Result, Space, Spin, Steps, Table, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ItemServicesCard } from '../../intermediary/ItemServicesCard';
import { CHANNEL_LABELS, DEPTH_LABELS, limitText, TRIP_LABELS, useGuide, type Material } from '../../api/catalog-admin';

const REQUIREMENT = { required: '必要', optional: '非必要', conditional: '按情形' } as const;
const FORM = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件', electronic: '电子材料' } as const;

/** 办事指南: the public guide of a published item, with its PDF and a QR code to apply online. */
export function GuidePage() {
  const id = Number(useParams().id);
  const { data, isLoading, error } = useGuide(Number.isFinite(id) ? id : undefined);
  const item = data?.item;
  const [qr, setQr] = useState<string>();
  const navigate = useNavigate();
  // On a phone the material table (seven columns) becomes one card per material.
  const screens = Grid.useBreakpoint();
  const narrow = Object.keys(screens).length > 0 && !screens.md;
  const applyPath = `/portal/apply/${id}`;

  useEffect(() => {
    QRCode.toDataURL(`${window.location.origin}${applyPath}`, { margin: 1, width: 160 }).then(setQr, () => setQr(undefined));
  }, [applyPath]);

  if (isLoading) return <Spin style={{ display: 'block', margin: '120px auto' }} />;
  if (error || !item) return <Result status="404" title="没有这个事项" subTitle="事项不存在，或已暂停、取消办理。" extra={<Link to="/guide">返回事项目录</Link>} />;

  const online = item.channels.includes('online') && item.formFields.length > 0;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <div>
            <Typography.Title level={3} style={{ marginTop: 0 }}>
              {item.name}
            </Typography.Title>
            <Space wrap>
              <Tag color="blue">{item.itemTypeName}</Tag>
              <Tag color={item.kind === 'immediate' ? 'green' : 'geekblue'}>{item.kind === 'immediate' ? '即办件' : '承诺件'}</Tag>
              <Tag>{TRIP_LABELS[item.trips]}</Tag>
              <Tag>{DEPTH_LABELS[item.onlineDepth]}</Tag>
              {item.themes.map((t) => (
                <Tag key={t}>{t}</Tag>
              ))}
            </Space>
            <div style={{ marginTop: 16 }}>
              <Space wrap>
                {online && (
                  <Button type="primary" icon={<FormOutlined />} onClick={() => navigate(applyPath)}>
                    在线申请
                  </Button>
                )}
                <Button icon={<FilePdfOutlined />} href={`/api/catalog/items/${item.id}/guide.pdf`} target="_blank">
                  下载办事指南（PDF）
                </Button>
                {item.formFields.length > 0 && (
                  <>
                    <Button icon={<FilePdfOutlined />} href={`/api/catalog/items/${item.id}/form.pdf?kind=blank`} target="_blank" data-testid="blank-form">
                      空白申请表
                    </Button>
                    <Button icon={<FilePdfOutlined />} href={`/api/catalog/items/${item.id}/form.pdf?kind=sample`} target="_blank" data-testid="sample-form">
                      填写样表
                    </Button>
                  </>
                )}
              </Space>
            </div>
          </div>
          {qr && online && (
            <div style={{ textAlign: 'center' }}>
              <Image src={qr} width={120} preview={false} alt="网上申请二维码" />
              <div style={{ fontSize: 12, color: '#595959' }}>扫码网上申请</div>
            </div>
          )}
        </Space>
      </Card>

      {(data?.related.length ?? 0) > 0 && (
        <Card size="small" title="同一事项的其他办理项">
          <Space wrap>
            {data!.related.map((r) => (
              <Link key={r.id} to={`/guide/${r.id}`}>
                {r.name}
              </Link>
            ))}
          </Space>
        </Card>
      )}

      <Card title="基本信息">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="实施编码">{item.code}</Descriptions.Item>
          <Descriptions.Item label="基本编码">{item.basicCode}</Descriptions.Item>
          <Descriptions.Item label="责任部门">{item.departmentName}</Descriptions.Item>
          <Descriptions.Item label="实施主体">{item.implementingBody}</Descriptions.Item>
          <Descriptions.Item label="服务对象">{{ natural: '自然人', legal: '法人', both: '自然人、法人' }[item.target]}</Descriptions.Item>
          <Descriptions.Item label="办理渠道">{item.channels.map((c) => CHANNEL_LABELS[c]).join('、')}</Descriptions.Item>
          <Descriptions.Item label="法定办结时限">
            {limitText(item.legalLimitText, item.legalLimitDays, item.legalLimitUnit)}
            {item.legalExtensionWorkdays ? `（可延长 ${item.legalExtensionWorkdays} 个工作日）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="承诺办结时限">{limitText(item.promisedLimitText, item.promisedLimitDays, item.promisedLimitUnit)}</Descriptions.Item>
          <Descriptions.Item label="收费">{item.fees.free ? '不收费' : item.fees.items.map((f) => `${f.name}：${f.standard}`).join('；')}</Descriptions.Item>
          <Descriptions.Item label="办理窗口">{item.windows || '—'}</Descriptions.Item>
          <Descriptions.Item label="咨询电话">{item.consultPhone || '—'}</Descriptions.Item>
          <Descriptions.Item label="投诉电话">{item.complaintPhone || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title="设定依据">
        {item.legalBasis.length ? <List size="small" dataSource={item.legalBasis} renderItem={(b) => <List.Item>{b.law}{b.articles}</List.Item>} /> : <Empty />}
      </Card>

      <Card title="受理条件">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{item.conditions || '—'}</Typography.Paragraph>
      </Card>

      <Card title="申请材料">
        {narrow ? (
          <List<Material>
            dataSource={item.materials}
            locale={{ emptyText: '无需提交材料' }}
            renderItem={(m, i) => (
              <List.Item data-testid="material-card">
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Text strong>
                    {i + 1}. {m.name}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {REQUIREMENT[m.requirement]}
                    {m.condition ? `（${m.condition}）` : ''} · {FORM[m.form]} · {m.copies} 份
                  </Typography.Text>
                  {m.source && <Typography.Text type="secondary">来源：{m.source}</Typography.Text>}
                  {m.blankForm && <Typography.Text type="secondary">空白表格：{m.blankForm}</Typography.Text>}
                  {m.licenceType && <Tag color="green">电子证照「{m.licenceType}」可替代</Tag>}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<Material>
            size="small"
            rowKey={(m, i) => `${m.name}-${i}`}
            pagination={false}
            dataSource={item.materials}
            locale={{ emptyText: '无需提交材料' }}
            columns={[
              { title: '序号', width: 60, render: (_, __, i) => i + 1 },
              { title: '材料名称', dataIndex: 'name', render: (name: string, m) => <>{name}{m.blankForm && <div style={{ fontSize: 12 }}>空白表格：{m.blankForm}</div>}</> },
              { title: '必要性', width: 160, render: (_, m) => `${REQUIREMENT[m.requirement]}${m.condition ? `（${m.condition}）` : ''}` },
              { title: '形式', width: 110, render: (_, m) => FORM[m.form] },
              { title: '份数', dataIndex: 'copies', width: 60 },
              { title: '来源', dataIndex: 'source', width: 160 },
              { title: '免提交', width: 200, render: (_, m) => (m.licenceType ? <Tag color="green">电子证照「{m.licenceType}」可替代</Tag> : null) },
            ]}
          />
        )}
      </Card>

      <ItemServicesCard itemId={item.id} />

      <Card title="办理流程">
        {item.process.length ? (
          <Steps direction="vertical" size="small" current={-1} items={item.process.map((s) => ({ title: s.name, description: s.description, status: 'wait' as const }))} />
        ) : (
          <Empty />
        )}
      </Card>
      {item.description && (
        <Card title="办理说明">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{item.description}</Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}
