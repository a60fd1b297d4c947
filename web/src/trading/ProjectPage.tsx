import { Button, Card, Descriptions, Input, InputNumber, List, Space, Table, Tag, Typography, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { TAwards, TBidRegister, TKeyShares, TObjections, TProjectDetail, TPublicationList } from '../../../server/src/modules/trading/schema';
import { fromHex, fromUtf8, unseal } from '../../../server/src/modules/trading/sm-crypto';
import { useMe } from '../api/auth';
import { api } from '../api/client';
import { formatTime, KIND_LABELS, STATUS_LABELS, useTrading, type DrawView, type ProjectSummary } from '../api/trading';
import { BidProjectPage } from './BidderPage';
import { AnnounceForm, ClarifyForm, DrawForm, EvaluationRoomForm, ReviewButtons } from './forms';
import { CertificatePanel, storedKey } from './keys';
import { useReport } from '../components/useReport';

const BID_STATUS: Record<string, string> = { sealed: '已加密', withdrawn: '已撤回', replaced: '已被替换', decrypted: '已解密', undecryptable: '未能解密' };
const MEMBER_STATUS: Record<string, string> = { notified: '已通知', accepted: '已确认参加', declined: '不参加', standby: '备选待命', called: '已递补' };

/** One project: bidders see their side; the tenderer, agency, centre and supervisor run it. */
export function ProjectPage() {
  const { id } = useParams();
  const { data: me } = useMe();
  const detail = useTrading<TProjectDetail>(['project', id], `/api/trading/projects/${id}`, 5000);
  if (!detail.data || !me) return null;
  if (!detail.data.runs) return <BidProjectPage projectId={id!} />;
  return <RunProject projectId={id!} project={detail.data.project} draw={detail.data.draw} />;
}

export function BidRoute() {
  const { id } = useParams();
  return <BidProjectPage projectId={id!} />;
}

function RunProject({ projectId, project, draw }: { projectId: string; project: ProjectSummary; draw: DrawView | null }) {
  const { data: me } = useMe();
  const client = useQueryClient();
  const [days, setDays] = useState(3);
  const [answer, setAnswer] = useState('经核查，异议不成立。');
  const bids = useTrading<TBidRegister>(['bids', projectId], `/api/trading/projects/${projectId}/bids`, 5000);
  const objections = useTrading<TObjections>(['objections', projectId], `/api/trading/projects/${projectId}/objections`, 5000);
  const publications = useTrading<TPublicationList>(['pubs', projectId], `/api/public/trading/publications?projectId=${projectId}`, 5000);
  const awards = useTrading<TAwards>(['awards', projectId], `/api/trading/projects/${projectId}/awards`, 5000);
  const shares = useTrading<TKeyShares>(['shares'], '/api/trading/key-shares', 5000);
  const myShare = shares.data?.shares.find((s) => s.projectId === projectId && s.status === 'sealed' && !s.presented);
  const officer = me?.role === 'trading_officer';
  const refresh = () => client.invalidateQueries({ queryKey: ['trading'] });
  const evaluationBooked = project.bookings.some((b) => b.purpose === 'evaluation');
  const report = useReport();
  async function act(url: string, body: unknown = {}, done = '已提交') {
    if (await report(api.post(url, body), done)) await client.invalidateQueries({ queryKey: ['trading'] });
  }
  async function presentShare() {
    const key = storedKey(me?.username);
    const opened = key ? unseal(myShare!.sealedShare, key.privateKey) : null;
    if (!opened) return message.error('本浏览器的证书私钥打不开这份密钥份额');
    await act(`/api/trading/draws/${myShare!.drawId}/shares`, { share: fromUtf8(fromHex(opened)) }, '密钥份额已出示');
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`${project.number} ${project.title}`} extra={<Tag data-testid="project-status">{STATUS_LABELS[project.status]}</Tag>}>
        <Descriptions size="small" column={2} items={[
          { label: '类别', children: project.categoryName },
          { label: '招标人', children: project.tenderer.name },
          { label: '最高限价（元）', children: project.budget },
          { label: '投标截止（开标）', children: formatTime(project.bidDeadline) },
          { label: '评标办法', children: project.evaluationMethod === 'comprehensive' ? '综合评估法' : '经评审的最低投标价法' },
          { label: '场地', children: project.bookings.map((b) => `${b.purpose === 'opening' ? '开标' : '评标'}：${b.room} ${formatTime(b.startsAt)}`).join('；') || '—' },
        ]} />
        <Space wrap style={{ marginTop: 12 }}>
          {officer && project.status === 'submitted' && <ReviewButtons projectId={projectId} onDone={refresh} />}
          {officer && project.status === 'announced' && <Button onClick={() => act(`/api/trading/projects/${projectId}/opening/start`, {}, '已开标，投标人可远程解密')}>开标</Button>}
          {officer && project.status === 'opened' && <Button onClick={() => act(`/api/trading/projects/${projectId}/opening/close`, {}, '开标记录已公布')}>结束解密并公布开标记录</Button>}
          {officer && project.status === 'evaluating' && draw?.status === 'revealed' && <Button onClick={() => act(`/api/trading/projects/${projectId}/report`, {}, '评标报告已生成')}>汇总评分生成评标报告</Button>}
          {project.status === 'evaluating' && (
            <Space>
              <InputNumber aria-label="公示天数" min={1} value={days} onChange={(v) => setDays(v ?? 3)} />
              <Button onClick={() => act(`/api/trading/projects/${projectId}/candidates`, { days }, '中标候选人已公示')}>公示中标候选人</Button>
            </Space>
          )}
          {project.status === 'publicity' && <Button type="primary" onClick={() => act(`/api/trading/projects/${projectId}/award`, {}, '已定标')}>确定中标人并签发中标通知书</Button>}
        </Space>
      </Card>
      {!officer && project.status === 'listed' && (
        <Card title="发布招标公告" size="small">
          <AnnounceForm project={project} onDone={refresh} />
        </Card>
      )}
      {!officer && project.status === 'announced' && (
        <Card title="澄清/修改招标文件" size="small">
          <ClarifyForm projectId={projectId} onDone={refresh} />
        </Card>
      )}
      {officer && !evaluationBooked && ['announced', 'opened', 'evaluating'].includes(project.status) && (
        <Card title="预约评标室" size="small">
          <EvaluationRoomForm projectId={projectId} onDone={refresh} />
        </Card>
      )}
      {officer && !draw && ['opened', 'evaluating'].includes(project.status) && (
        <Card title="抽取评标专家（多方解密）" size="small">
          <DrawForm projectId={projectId} onDone={refresh} />
        </Card>
      )}
      <Card title="投标登记（开标前无内容）" size="small">
        <Table rowKey="id" size="small" pagination={false} dataSource={bids.data?.bids ?? []} data-testid="bid-register" columns={[{ title: '投标人', dataIndex: 'enterprise' }, { title: '递交', render: (_, b) => formatTime(b.submittedAt) }, { title: '状态', render: (_, b) => BID_STATUS[b.status] ?? b.status }, { title: '报价', render: (_, b) => b.price ?? '—' }]} />
      </Card>
      {draw && (
        <Card title={`评标专家抽取（${draw.status === 'sealed' ? `已加密，需 ${draw.threshold} 人出示密钥份额` : '已解密'}）`} size="small" data-testid="draw">
          <Typography.Paragraph>密钥持有人：{draw.holders.map((h) => `${h.name}${h.presented ? '（已出示）' : ''}`).join('、')}</Typography.Paragraph>
          {myShare && (
            <>
              <CertificatePanel />
              <Button type="primary" style={{ marginTop: 8 }} onClick={presentShare}>出示我的密钥份额</Button>
            </>
          )}
          {draw.members.length > 0 && <Table rowKey="expertId" size="small" pagination={false} dataSource={draw.members} columns={[{ title: '专家', dataIndex: 'name' }, { title: '专业', dataIndex: 'speciality' }, { title: '身份', render: (_, m) => (m.role === 'member' ? '评委' : '备选') }, { title: '状态', render: (_, m) => MEMBER_STATUS[m.status] ?? m.status }, { title: '地区', dataIndex: 'regionCode' }]} />}
        </Card>
      )}
      {(objections.data?.objections.length ?? 0) > 0 && (
        <Card title="异议" size="small">
          <List
            dataSource={objections.data!.objections}
            renderItem={(o) => (
              <List.Item data-testid="objection">
                <List.Item.Meta title={`${o.bidder}：${o.text}`} description={o.answer ? `答复：${o.answer}` : '待答复'} />
                {!o.answer && (
                  <Space>
                    <Input aria-label="答复内容" value={answer} onChange={(e) => setAnswer(e.target.value)} />
                    <Button onClick={() => act(`/api/trading/objections/${o.id}/answer`, { answer }, '已答复')}>答复</Button>
                  </Space>
                )}
              </List.Item>
            )}
          />
        </Card>
      )}
      {(awards.data?.awards.length ?? 0) > 0 && (
        <Card title="中标通知书" size="small">
          {awards.data!.awards.map((a) => (
            <Typography.Paragraph key={a.id}>
              {a.winner}，中标价 {a.price} 元　<a href={`/api/trading/awards/${a.id}/notice.pdf`} target="_blank" rel="noreferrer">中标通知书 {a.noticeNumber}</a>
            </Typography.Paragraph>
          ))}
        </Card>
      )}
      <Card title="公告公示" size="small">
        <List dataSource={publications.data?.publications ?? []} renderItem={(p) => <List.Item><Tag>{KIND_LABELS[p.kind]}</Tag>{p.title}（{formatTime(p.publishedAt)}）</List.Item>} />
        <Link to="/trading">公共资源交易公开页</Link>
      </Card>
    </Space>
  );
}
