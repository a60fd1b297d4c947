import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { List, Space, Tag, Typography } from 'antd';
import { useCaseDocuments } from '../api/documents';

/**
 * 文书: each notice of the case as a sealed PDF, with its 文号 and the organ that issued it once
 * it is sealed. Notices not yet sealed (the organ has no seal yet) still link: the download says why.
 */
export function CaseDocuments({ caseId, notices }: { caseId: string; notices: { kind: string; label: string }[] }) {
  const { data: documents } = useCaseDocuments(caseId);
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        文书
      </Typography.Title>
      <List
        size="small"
        dataSource={notices}
        renderItem={(n) => {
          const sealed = documents?.filter((d) => d.kind === n.kind).at(-1);
          return (
            <List.Item data-testid={`notice-${n.kind}`}>
              <Space wrap>
                <a href={`/api/cases/${caseId}/notices/${n.kind}`} target="_blank" rel="noreferrer">
                  <FilePdfOutlined /> {sealed?.title ?? n.label}
                </a>
                {sealed && (
                  <>
                    <Typography.Text>{sealed.number}</Typography.Text>
                    <Typography.Text type="secondary">{sealed.issuerName}</Typography.Text>
                    <Tag icon={<SafetyCertificateOutlined />} color="red">
                      已加盖电子印章
                    </Tag>
                  </>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
      <Typography.Text type="secondary">文书 PDF 可在 <a href="/verify">验真页面</a> 上传核验真伪。</Typography.Text>
    </>
  );
}
