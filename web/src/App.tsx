import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AdminHome } from './admin/AdminHome';
import { StaffPage } from './admin/StaffPage';
import { NetworkPage } from './admin/network/NetworkPage';
import { CentreOrganisationPage } from './admin/network/CentreOrganisationPage';
import { VillagePage } from './village/VillagePage';
import { CalendarPage } from './admin/calendar/CalendarPage';
import { FeedPage } from './admin/feed/FeedPage';
import { CatalogListPage } from './admin/catalog/CatalogListPage';
import { ImportPage } from './admin/catalog/ImportPage';
import { ItemEditorPage } from './admin/catalog/ItemEditorPage';
import { AppLayout } from './components/AppLayout';
import { CasePage } from './components/CasePage';
import { RequireRole } from './components/RequireRole';
import { HallPage } from './hall/HallPage';
import { WalkInPage } from './hall/WalkInPage';
import { ApplyPage } from './portal/ApplyPage';
import { ItemsPage } from './portal/ItemsPage';
import { MyCasesPage } from './portal/MyCasesPage';
import { HomePage } from './public/HomePage';
import { NotFoundPage } from './public/NotFoundPage';
import { LoginPage } from './public/LoginPage';
import { RegisterPage } from './public/RegisterPage';
import { ProgressPage } from './public/ProgressPage';
import { CatalogPage } from './public/guide/CatalogPage';
import { GuidePage } from './public/guide/GuidePage';
import { ReviewPage } from './review/ReviewPage';
import { HeadPage } from './head/HeadPage';
import { KioskPage } from './kiosk/KioskPage';
import { InquiriesPanel } from './inquiries/InquiriesPanel';
import { RatingsPage } from './public/RatingsPage';
import { RectificationsTab } from './ratings/RectificationsTab';
import { Card, Spin } from 'antd';
import { PublicTradingPage } from './trading/PublicTradingPage';
import { BidderPage } from './trading/BidderPage';
import { BidRoute, ProjectPage } from './trading/ProjectPage';
import { CentrePage as TradingWarningsPage, ProjectsPage } from './trading/ProjectsPage';
import { ExpertPage } from './trading/ExpertPage';
import { AwardVerifyPage } from './trading/AwardVerifyPage';
import { TradingScreenPage } from './trading/TradingScreenPage';
import { jointRoutes } from './joint/routes';
import { WalletPage } from './portal/WalletPage';
import { EnterprisePage } from './portal/enterprise/EnterprisePage';
import { SimulatedPayPage } from './fees/SimulatedPayPage';
import { FeeReconciliationPage } from './fees/FeeReconciliationPage';
import { MyWorkPage } from './account/MyWorkPage';
import { VerifyPage } from './public/VerifyPage';
import { LicenceTypesPage } from './admin/licences/LicenceTypesPage';
import { SealsPage } from './admin/licences/SealsPage';
import { DecisionSettingsPage } from './admin/licences/DecisionSettingsPage';
import { ArchivesPage } from './admin/archives/ArchivesPage';
import { AdminLicencesPage } from './admin/licences/AdminLicencesPage';
import { AppointmentsPage } from './portal/appointments/AppointmentsPage';
import { TicketKioskPage } from './kiosk/TicketKioskPage';
import { TicketPage } from './kiosk/TicketPage';
import { CallingBarPage } from './hall/queue/CallingBarPage';
import { HallAdminPage } from './admin/hall/HallAdminPage';
import { DisciplinePage } from './admin/discipline/DisciplinePage';
import { AssessmentPage } from './admin/assessment/AssessmentPage';
import { InspectPage } from './inspect/InspectPage';
import { DutyPage } from './hall/duty/DutyPage';
import { VisitsPage } from './visits/VisitsPage';
import { ExposurePage } from './public/hall/ExposurePage';
import { BoardPage, TouchBoardPage } from './board/BoardPage';
import { SecurityPage } from './account/SecurityPage';

// The pages with charts (ECharts is most of the bundle) load when first opened, so a citizen's
// first visit does not download the supervisor's dashboards.
const SuperviseHome = lazy(() => import('./supervise/SuperviseHome').then((m) => ({ default: m.SuperviseHome })));
const NetworkSupervisionPage = lazy(() => import('./supervise/NetworkSupervisionPage').then((m) => ({ default: m.NetworkSupervisionPage })));
const ScreenPage = lazy(() => import('./screen/ScreenPage').then((m) => ({ default: m.ScreenPage })));
const StatsPage = lazy(() => import('./admin/catalog/StatsPage').then((m) => ({ default: m.StatsPage })));
const HallDisplayPage = lazy(() => import('./screen/HallDisplayPage').then((m) => ({ default: m.HallDisplayPage })));
const SupermarketPage = lazy(() => import('./intermediary/SupermarketPage').then((m) => ({ default: m.SupermarketPage })));
const AgencyPublicPage = lazy(() => import('./intermediary/AgencyPublicPage').then((m) => ({ default: m.AgencyPublicPage })));
const OwnerPage = lazy(() => import('./intermediary/OwnerPage').then((m) => ({ default: m.OwnerPage })));
const AgencyDeskPage = lazy(() => import('./intermediary/AgencyDeskPage').then((m) => ({ default: m.AgencyDeskPage })));
const CentrePage = lazy(() => import('./intermediary/CentrePage').then((m) => ({ default: m.CentrePage })));
const loading = <Spin style={{ display: 'block', margin: '64px auto' }} />;

export function App() {
  return (
    <Suspense fallback={loading}>
      <Routes>
        {/* The window tablet runs full-screen, without the site frame. */}
        <Route path="/kiosk/:windowId" element={<KioskPage />} />
        {/* The hall: ticket kiosk, the ticket on a phone, and the calling display. */}
        <Route path="/kiosk/queue/:centreId" element={<TicketKioskPage />} />
        <Route path="/ticket/:id" element={<TicketPage />} />
        <Route path="/hall-display/:centreId" element={<HallDisplayPage />} />
        {/* 五公开 boards for the LED and the touch screen. */}
        <Route path="/board/:centreId" element={<BoardPage />} />
        <Route path="/board/:centreId/touch" element={<TouchBoardPage />} />
        {/* So does the hall's big screen (大屏): public, counts only. */}
        <Route path="/screen/:centreId" element={<ScreenPage />} />
        <Route path="/trading/screen/:centreId" element={<TradingScreenPage />} />
        <Route path="*" element={<Framed />} />
      </Routes>
    </Suspense>
  );
}

function Framed() {
  return (
    <AppLayout>
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/progress" element={<ProgressPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/portal/licences" element={<RequireRole roles={['applicant']}><WalletPage /></RequireRole>} />
          <Route path="/admin/licence-types" element={<RequireRole roles={['admin']}><LicenceTypesPage /></RequireRole>} />
          <Route path="/admin/seals" element={<RequireRole roles={['admin']}><SealsPage /></RequireRole>} />
          <Route path="/admin/licences" element={<RequireRole roles={['admin']}><AdminLicencesPage /></RequireRole>} />
          <Route path="/admin/decision-settings" element={<RequireRole roles={['admin']}><DecisionSettingsPage /></RequireRole>} />
          <Route path="/admin/archives" element={<RequireRole roles={['admin']}><ArchivesPage /></RequireRole>} />
          <Route path="/ratings" element={<RatingsPage />} />
          <Route path="/me/security" element={<RequireRole roles={['applicant', 'clerk', 'reviewer', 'supervisor', 'admin', 'agent']}><SecurityPage /></RequireRole>} />
          <Route path="/me/work" element={<RequireRole roles={['clerk', 'reviewer', 'department_head', 'government_head', 'supervisor', 'admin', 'agent', 'inspector', 'trading_officer']}><MyWorkPage /></RequireRole>} />
          <Route path="/inquiries" element={<RequireRole roles={['applicant', 'clerk', 'reviewer', 'supervisor', 'admin']}><InquiriesPanel /></RequireRole>} />
          <Route path="/guide" element={<CatalogPage />} />
          <Route path="/guide/:id" element={<GuidePage />} />
          <Route path="/portal" element={<RequireRole roles={['applicant']}><ItemsPage /></RequireRole>} />
          <Route path="/portal/apply/:itemId" element={<RequireRole roles={['applicant']}><ApplyPage /></RequireRole>} />
          <Route path="/portal/cases" element={<RequireRole roles={['applicant']}><MyCasesPage /></RequireRole>} />
          <Route path="/portal/enterprise" element={<RequireRole roles={['applicant']}><EnterprisePage /></RequireRole>} />
          <Route path="/pay/simulator/:paymentId" element={<SimulatedPayPage />} />
          <Route path="/admin/fees" element={<RequireRole roles={['admin', 'supervisor']}><FeeReconciliationPage /></RequireRole>} />
          <Route path="/portal/cases/:caseId" element={<RequireRole roles={['applicant']}><CasePage /></RequireRole>} />
          <Route path="/portal/ratings" element={<RequireRole roles={['applicant']}><Card title="我的差评及整改"><RectificationsTab /></Card></RequireRole>} />
          <Route path="/hall" element={<RequireRole roles={['clerk']}><HallPage /></RequireRole>} />
          <Route path="/portal/appointments" element={<RequireRole roles={['applicant']}><AppointmentsPage /></RequireRole>} />
          <Route path="/hall/queue" element={<RequireRole roles={['clerk']}><CallingBarPage /></RequireRole>} />
          <Route path="/admin/hall" element={<RequireRole roles={['admin']}><HallAdminPage /></RequireRole>} />
          <Route path="/admin/discipline" element={<RequireRole roles={['admin']}><DisciplinePage /></RequireRole>} />
          <Route path="/admin/assessment" element={<RequireRole roles={['admin']}><AssessmentPage /></RequireRole>} />
          <Route path="/inspect" element={<RequireRole roles={['inspector']}><InspectPage /></RequireRole>} />
          <Route path="/hall/duty" element={<RequireRole roles={['clerk']}><DutyPage /></RequireRole>} />
          <Route path="/visits" element={<RequireRole roles={['applicant', 'clerk', 'admin']}><VisitsPage /></RequireRole>} />
          <Route path="/exposure/:centreId" element={<ExposurePage />} />
          <Route path="/hall/walk-in" element={<RequireRole roles={['clerk']}><WalkInPage /></RequireRole>} />
          <Route path="/hall/cases/:caseId" element={<RequireRole roles={['clerk']}><CasePage /></RequireRole>} />
          <Route path="/review" element={<RequireRole roles={['reviewer']}><ReviewPage /></RequireRole>} />
          <Route path="/review/cases/:caseId" element={<RequireRole roles={['reviewer']}><CasePage /></RequireRole>} />
          <Route path="/admin" element={<RequireRole roles={['admin']}><AdminHome /></RequireRole>} />
          <Route path="/admin/staff" element={<RequireRole roles={['admin']}><StaffPage /></RequireRole>} />
          <Route path="/admin/network" element={<RequireRole roles={['admin']}><NetworkPage /></RequireRole>} />
          <Route path="/admin/network/:id" element={<RequireRole roles={['admin']}><CentreOrganisationPage /></RequireRole>} />
          <Route path="/village" element={<RequireRole roles={['agent']}><VillagePage /></RequireRole>} />
          <Route path="/admin/calendar" element={<RequireRole roles={['admin']}><CalendarPage /></RequireRole>} />
          <Route path="/admin/feed" element={<RequireRole roles={['admin']}><FeedPage /></RequireRole>} />
          <Route path="/admin/catalog" element={<RequireRole roles={['admin']}><CatalogListPage /></RequireRole>} />
          <Route path="/admin/catalog/import" element={<RequireRole roles={['admin']}><ImportPage /></RequireRole>} />
          <Route path="/admin/catalog/stats" element={<RequireRole roles={['admin']}><StatsPage /></RequireRole>} />
          <Route path="/admin/catalog/:id" element={<RequireRole roles={['admin']}><ItemEditorPage /></RequireRole>} />
          <Route path="/admin/cases/:caseId" element={<RequireRole roles={['admin']}><CasePage /></RequireRole>} />
          <Route path="/admin/rectifications" element={<RequireRole roles={['admin']}><Card title="差评整改（本中心窗口）"><RectificationsTab /></Card></RequireRole>} />
          <Route path="/supervise" element={<RequireRole roles={['supervisor']}><SuperviseHome /></RequireRole>} />
          <Route path="/supervise/network" element={<RequireRole roles={['supervisor']}><NetworkSupervisionPage /></RequireRole>} />
          <Route path="/supervise/rectifications" element={<RequireRole roles={['supervisor']}><Card title="差评整改"><RectificationsTab /></Card></RequireRole>} />
          <Route path="/supervise/cases/:caseId" element={<RequireRole roles={['supervisor']}><CasePage /></RequireRole>} />
          <Route path="/head" element={<RequireRole roles={['department_head', 'government_head']}><HeadPage /></RequireRole>} />
          <Route path="/head/cases/:caseId" element={<RequireRole roles={['department_head', 'government_head']}><CasePage /></RequireRole>} />
          {jointRoutes()}
          <Route path="/trading" element={<PublicTradingPage />} />
          <Route path="/trading/awards" element={<AwardVerifyPage />} />
          <Route path="/trading/awards/:number" element={<AwardVerifyPage />} />
          <Route path="/trading/bidder" element={<RequireRole roles={['applicant']}><BidderPage /></RequireRole>} />
          <Route path="/trading/bidder/:id" element={<RequireRole roles={['applicant']}><BidRoute /></RequireRole>} />
          <Route path="/trading/projects" element={<RequireRole roles={['applicant', 'trading_agency', 'trading_officer', 'supervisor']}><ProjectsPage /></RequireRole>} />
          <Route path="/trading/projects/:id" element={<RequireRole roles={['applicant', 'trading_agency', 'trading_officer', 'supervisor']}><ProjectPage /></RequireRole>} />
          <Route path="/trading/centre" element={<RequireRole roles={['trading_officer', 'supervisor']}><TradingWarningsPage /></RequireRole>} />
          <Route path="/trading/expert" element={<RequireRole roles={['expert']}><ExpertPage /></RequireRole>} />
          <Route path="/intermediary" element={<SupermarketPage />} />
          <Route path="/intermediary/agencies/:id" element={<AgencyPublicPage />} />
          <Route path="/intermediary/desk" element={<RequireRole roles={['intermediary']}><AgencyDeskPage /></RequireRole>} />
          <Route path="/portal/intermediary" element={<RequireRole roles={['applicant']}><OwnerPage /></RequireRole>} />
          <Route path="/admin/intermediary" element={<RequireRole roles={['admin']}><CentrePage /></RequireRole>} />
          <Route path="/supervise/intermediary" element={<RequireRole roles={['supervisor']}><CentrePage /></RequireRole>} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}
