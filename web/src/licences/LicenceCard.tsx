import { Descriptions, Tag, Typography } from 'antd';
import { LICENCE_STATUS, type TPublicLicence } from '../api/licences';

/** One licence's public facts: type, number, issuer, dates, status, the seal that signed it. */
export function LicenceFacts({ licence }: { licence: TPublicLicence }) {
  const status = LICENCE_STATUS[licence.status] ?? { label: licence.status, color: 'default' };
  return (
    <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
      <Descriptions.Item label="证照名称">{licence.typeName}</Descriptions.Item>
      <Descriptions.Item label="状态">
        <Tag color={status.color}>{status.label}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label="证照编号">{licence.number}</Descriptions.Item>
      <Descriptions.Item label="版本">第 {licence.version} 版</Descriptions.Item>
      <Descriptions.Item label="持证主体">{licence.holderName}</Descriptions.Item>
      <Descriptions.Item label="持证主体代码">{licence.holderCode}</Descriptions.Item>
      <Descriptions.Item label="发证机关">{licence.issuerName}</Descriptions.Item>
      <Descriptions.Item label="发证日期">{licence.issuedOn}</Descriptions.Item>
      <Descriptions.Item label="有效期">{licence.validTo ? `${licence.validFrom} 至 ${licence.validTo}` : `${licence.validFrom} 起长期`}</Descriptions.Item>
      <Descriptions.Item label="电子印章">
        <img src={`/api/public/seals/${licence.seal.id}/image.svg`} alt={licence.seal.name} width={56} height={56} style={{ verticalAlign: 'middle' }} /> {licence.seal.code}
      </Descriptions.Item>
      <Descriptions.Item label="电子证照标识" span={2}>
        <Typography.Text copyable code style={{ fontSize: 12 }}>
          {licence.identifier}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}
