import { lazy } from 'react';
import { Link, Route } from 'react-router';
import { Space } from 'antd';
import { RequireRole } from '../components/RequireRole';

// Joint approval's pages load when first opened, like the chart pages.
const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType<never>>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] as React.ComponentType<Record<string, unknown>> })));
const BundlesPage = page(() => import('./BundlesPage'), 'BundlesPage');
const BundleApplyPage = page(() => import('./BundleApplyPage'), 'BundleApplyPage');
const JointListPage = page(() => import('./JointListPage'), 'JointListPage');
const JointPage = page(() => import('./JointPage'), 'JointPage');
const MyAgencyPage = page(() => import('./MyAgencyPage'), 'MyAgencyPage');
const ProjectBoard = page(() => import('./ProjectBoard'), 'ProjectBoard');
const StageFiguresCard = page(() => import('./ProjectBoard'), 'StageFiguresCard');
const StageApplyPage = page(() => import('./StageApplyPage'), 'StageApplyPage');
const AgentHome = page(() => import('../agent/AgentHome'), 'AgentHome');
const JointWalkInPage = page(() => import('./JointWalkInPage'), 'JointWalkInPage');
const ProjectDeskPage = page(() => import('./ProjectDeskPage'), 'ProjectDeskPage');

/** The routes of 联办件, 工程建设项目 and 全程代办, per role (App.tsx places them). */
export function jointRoutes() {
  return [
    <Route key="p-b" path="/portal/bundles" element={<RequireRole roles={['applicant']}><BundlesPage /></RequireRole>} />,
    <Route key="p-ba" path="/portal/bundles/:bundleId" element={<RequireRole roles={['applicant']}><BundleApplyPage /></RequireRole>} />,
    <Route key="p-j" path="/portal/joint" element={<RequireRole roles={['applicant']}><JointListPage base="/portal/joint" /></RequireRole>} />,
    <Route key="p-jd" path="/portal/joint/:jointId" element={<RequireRole roles={['applicant']}><JointPage /></RequireRole>} />,
    <Route key="p-a" path="/portal/agency" element={<RequireRole roles={['applicant']}><MyAgencyPage /></RequireRole>} />,
    <Route key="p-p" path="/portal/projects" element={<RequireRole roles={['applicant']}><ProjectBoard applyBase="/portal/projects" /></RequireRole>} />,
    <Route key="p-ps" path="/portal/projects/:projectId/stages/:stageNo" element={<RequireRole roles={['applicant']}><StageApplyPage back="/portal/projects" /></RequireRole>} />,
    <Route key="h-j" path="/hall/joint" element={<RequireRole roles={['clerk']}><JointListPage base="/hall/joint" title="联办件：一窗受理、统一出件" extra={<Link to="/hall/joint/new">窗口联办登记</Link>} /></RequireRole>} />,
    <Route key="h-jn" path="/hall/joint/new" element={<RequireRole roles={['clerk']}><JointWalkInPage /></RequireRole>} />,
    <Route key="h-p" path="/hall/projects" element={<RequireRole roles={['clerk']}><ProjectBoard manageBase="/hall/projects" /></RequireRole>} />,
    <Route key="h-pd" path="/hall/projects/:projectId" element={<RequireRole roles={['clerk']}><ProjectDeskPage /></RequireRole>} />,
    <Route key="ad-p" path="/admin/projects" element={<RequireRole roles={['admin']}><ProjectBoard manageBase="/admin/projects" /></RequireRole>} />,
    <Route key="ad-pd" path="/admin/projects/:projectId" element={<RequireRole roles={['admin']}><ProjectDeskPage /></RequireRole>} />,
    <Route key="h-jd" path="/hall/joint/:jointId" element={<RequireRole roles={['clerk']}><JointPage /></RequireRole>} />,
    <Route
      key="s-p"
      path="/supervise/projects"
      element={
        <RequireRole roles={['supervisor']}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <ProjectBoard />
            <StageFiguresCard />
            <JointListPage base="/supervise/joint" title="联办件（按时钟）" />
          </Space>
        </RequireRole>
      }
    />,
    <Route key="s-jd" path="/supervise/joint/:jointId" element={<RequireRole roles={['supervisor']}><JointPage /></RequireRole>} />,
    <Route key="g-jd" path="/head/joint/:jointId" element={<RequireRole roles={['government_head']}><JointPage /></RequireRole>} />,
    <Route key="a" path="/agent" element={<RequireRole roles={['agent']}><AgentHome /></RequireRole>} />,
    <Route key="a-b" path="/agent/bundles" element={<RequireRole roles={['agent']}><BundlesPage base="/agent/bundles" /></RequireRole>} />,
    <Route key="a-ba" path="/agent/bundles/:bundleId" element={<RequireRole roles={['agent']}><BundleApplyPage /></RequireRole>} />,
    <Route key="a-jd" path="/agent/joint/:jointId" element={<RequireRole roles={['agent']}><JointPage /></RequireRole>} />,
    <Route key="a-ps" path="/agent/projects/:projectId/stages/:stageNo" element={<RequireRole roles={['agent']}><StageApplyPage back="/agent" /></RequireRole>} />,
  ];
}
