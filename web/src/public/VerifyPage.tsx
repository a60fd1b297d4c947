import { InboxOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Input, Result, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../api/client';
import { useVerification, verifyPdfFile, VERDICT_LOOK, type TVerification } from '../api/licences';
import { LicenceFacts } from '../licences/LicenceCard';

const SEAL_TEXT = { valid: '印章有效', valid_at_signing_time: '签署时印章有效（印章已停用或注销）', invalid: '签名无效', revoked_before_signing: '签署前印章已注销' } as const;

function Answer({ result }: { result: TVerification }) {
  const look = VERDICT_LOOK[result.verdict];
  return (
    <div data-testid="verdict" data-verdict={result.verdict}>
      <Result status={look.status} title={look.title} subTitle={result.message} style={{ padding: '16px 0' }} />
      {result.sealVerdict && result.verdict !== 'altered' && (
        <Alert style={{ marginBottom: 12 }} type={result.sealVerdict === 'valid' ? 'success' : 'warning'} message={SEAL_TEXT[result.sealVerdict]} showIcon />
      )}
      {result.licence && <LicenceFacts licence={result.licence} />}
      {result.document && <DocumentFacts document={result.document} />}
    </div>
  );
}

const DOCUMENT_KINDS: Record<string, string> = { acceptance: '受理通知书', correction: '补正材料通知书', refusal: '不予受理决定书', approval: '决定书（准予）', denial: '决定书（不予）' };

/** A sealed notice's public facts: what it is, its 文号, the organ and seal that signed it. */
function DocumentFacts({ document }: { document: NonNullable<TVerification['document']> }) {
  return (
    <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered data-testid="document-facts">
      <Descriptions.Item label="文书">{document.title}</Descriptions.Item>
      <Descriptions.Item label="类别">{DOCUMENT_KINDS[document.kind] ?? document.kind}</Descriptions.Item>
      <Descriptions.Item label="文号">{document.number}</Descriptions.Item>
      <Descriptions.Item label="出具日期">{document.issuedOn}</Descriptions.Item>
      <Descriptions.Item label="出具机关">{document.issuerName}</Descriptions.Item>
      <Descriptions.Item label="申请编号">{document.caseNumber}</Descriptions.Item>
      <Descriptions.Item label="事项" span={2}>{document.itemName}</Descriptions.Item>
      <Descriptions.Item label="电子印章" span={2}>
        <img src={`/api/public/seals/${document.seal.id}/image.svg`} alt={document.seal.name} width={56} height={56} style={{ verticalAlign: 'middle' }} /> {document.seal.code}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 证照验真: by QR (the identifier in the URL), by number, or by uploading the PDF. No login. */
export function VerifyPage() {
  const [params, setParams] = useSearchParams();
  const ref = params.get('id') ?? params.get('number');
  const { data, isFetching, error } = useVerification(ref);
  const [uploaded, setUploaded] = useState<TVerification | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const shown = uploaded ?? data;

  return (
    <Card title="电子证照与文书验真">
      <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 860 }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          扫描证照上的二维码，或输入证照编号 / 电子证照标识，或上传证照 PDF 文件，核验证照是否真实有效；受理通知书、补正通知书、决定书等加盖电子印章的文书可上传 PDF 核验。持证人身份号码已脱敏显示。
          各部门印章公钥公开，可用任意 SM2 实现离线验签（SM3，用户标识 1234567812345678）。
        </Typography.Paragraph>
        <Input.Search
          placeholder="证照编号或电子证照标识"
          enterButton="验真"
          size="large"
          defaultValue={ref ?? ''}
          onSearch={(value) => {
            setUploaded(null);
            if (value.trim()) setParams({ number: value.trim() });
          }}
        />
        <Upload.Dragger
          accept="application/pdf"
          showUploadList={false}
          beforeUpload={(file) => {
            setUploadError(null);
            verifyPdfFile(file)
              .then(setUploaded)
              .catch((e) => setUploadError(errorMessage(e)));
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>点击或拖入证照或文书 PDF 文件验真（文件只用于核验，不保存）</p>
        </Upload.Dragger>
        {(isFetching && !uploaded) && <Spin />}
        {error && !uploaded && <Alert type="error" message={error.message} />}
        {uploadError && <Alert type="error" message={uploadError} />}
        {shown && <Answer result={shown} />}
      </Space>
    </Card>
  );
}
