import { SafetyCertificateOutlined } from '@ant-design/icons';
import { List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useCaseLicences, useCaseReuse, VERDICT_LOOK } from '../api/licences';

const WAY = { licence: '电子证照', government: '部门共享', commitment: '告知承诺', upload: '须提交' } as const;

/** On a case: the licences it issued (its result) and how each listed material is covered without an upload. */
export function CaseLicencePanel({ caseId }: { caseId: string }) {
  const { data: licences } = useCaseLicences(caseId);
  const { data: materials } = useCaseReuse(caseId);
  const covered = (materials ?? []).filter((m) => m.licence || m.governmentProvided || m.commitment);
  return (
    <>
      {licences && licences.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            办理结果（电子证照）
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={licences}
            renderItem={(l) => (
              <List.Item data-testid="case-licence">
                <Space wrap>
                  <SafetyCertificateOutlined style={{ color: '#b8860b' }} />
                  {l.typeName} {l.number}
                  <Link to={`/verify?id=${l.identifier}`}>验真</Link>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
      {covered.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            免提交材料（减证便民）
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={covered}
            renderItem={(m) => (
              <List.Item data-testid="reused-material">
                <Space wrap>
                  <Tag color="green">{WAY[m.licence ? 'licence' : m.governmentProvided ? 'government' : 'commitment']}</Tag>
                  {m.name}
                  {m.licence && (
                    <>
                      <Typography.Text type="secondary">
                        {m.licence.typeName} {m.licence.number}
                      </Typography.Text>
                      <Tag color={m.licence.verdict === 'genuine' ? 'green' : 'red'}>{VERDICT_LOOK[m.licence.verdict as keyof typeof VERDICT_LOOK]?.title ?? m.licence.verdict}（已自动验真）</Tag>
                    </>
                  )}
                  {m.commitment && <Tag color={m.commitment.checkStatus === 'false' ? 'red' : 'orange'}>{m.commitment.checkStatus === 'pending' ? '待核查' : m.commitment.checkStatus === 'confirmed' ? '核查属实' : '承诺不实'}</Tag>}
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </>
  );
}
