<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ko_KR">
<context>
    <name>AnnouncementBar</name>
    <message>
        <source>목록 보기</source>
        <translation>Show list</translation>
    </message>
    <message>
        <source>확인했습니다</source>
        <translation>Understood</translation>
    </message>
    <message>
        <source>외 {count}건</source>
        <translation>+{count} more</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>{role} 승인</source>
        <translation>{role} approval</translation>
    </message>
    <message>
        <source>{action}은(는) {role} 이상이 합니다. {role} 이상이 이름과 PIN을 입력해 승인하세요.</source>
        <translation>{action} is for a {role} or above. A {role} or above approves it with their name and PIN.</translation>
    </message>
    <message>
        <source>승인하는 사람</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>승인</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>확인 중…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>승인하는 사람의 이름을 입력하세요.</source>
        <translation>Enter the name of the person approving.</translation>
    </message>
    <message>
        <source>PIN을 입력하세요.</source>
        <translation>Enter the PIN.</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>감사 기록</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>기간</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>사람</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>종류</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>모두</source>
        <translation>All</translation>
    </message>
    <message>
        <source>조회</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>더 보기</source>
        <translation>More</translation>
    </message>
    <message>
        <source>내보내기…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>일시</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>한 사람</source>
        <translation>Done by</translation>
    </message>
    <message>
        <source>승인한 사람</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>대상</source>
        <translation>About</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>결과</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>내용</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>불러오는 중…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{shown}/{total}건</source>
        <translation>{shown} of {total}</translation>
    </message>
    <message>
        <source>감사 기록 내보내기</source>
        <translation>Export the audit log</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>내보내는 중…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>{count}건을 {path}에 저장했습니다.</source>
        <translation>Saved {count} rows to {path}.</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>결제 {paid} · 취소됨 {cancelled} · 남은 금액 {remaining}</source>
        <translation>Paid {paid} · cancelled {cancelled} · remaining {remaining}</translation>
    </message>
    <message>
        <source>부분 취소</source>
        <translation>Partial cancel</translation>
    </message>
    <message>
        <source>예: 고객 요청, 주문 변경</source>
        <translation>e.g. customer request, order changed</translation>
    </message>
    <message>
        <source>취소 사유</source>
        <translation>Cancel reason</translation>
    </message>
    <message>
        <source>결제 취소 (환불)</source>
        <translation>Cancel payment (refund)</translation>
    </message>
    <message>
        <source>전액 취소 (남은 {amount} 모두)</source>
        <translation>Full cancel (all of the remaining {amount})</translation>
    </message>
    <message>
        <source>예: 10,000</source>
        <translation>e.g. 10,000</translation>
    </message>
    <message>
        <source>다음 (확인)</source>
        <translation>Next (read back)</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>고객에게 읽어 드리고 확인을 받으세요. 아직 환불하지 않았습니다.</source>
        <translation>Read this to the customer and get their OK. Nothing has been refunded yet.</translation>
    </message>
    <message>
        <source>환불 요청</source>
        <translation>Request refund</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>환불할 금액: {amount}</source>
        <translation>Refund: {amount}</translation>
    </message>
    <message>
        <source>환불 후 남은 금액: {amount}</source>
        <translation>Remaining after the refund: {amount}</translation>
    </message>
    <message>
        <source>카드: {card}</source>
        <translation>Card: {card}</translation>
    </message>
    <message>
        <source>승인번호: {number}</source>
        <translation>Approval no.: {number}</translation>
    </message>
    <message>
        <source>주문: {name} ({paid})</source>
        <translation>Order: {name} ({paid})</translation>
    </message>
    <message>
        <source>사유: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>결제 후 6개월({days}일)이 지나 카드 취소를 할 수 없습니다. 계좌 환불 등 다른 방법으로 돌려드리세요.</source>
        <translation>More than 6 months ({days} days) have passed: the card payment cannot be cancelled. Refund another way, e.g. by bank transfer.</translation>
    </message>
    <message>
        <source>이미 전액 취소된 결제입니다.</source>
        <translation>This payment is already fully cancelled.</translation>
    </message>
    <message>
        <source>KSNET은 한 결제에 부분취소를 {limit}회까지만 허용합니다(이미 {count}회). 남은 {remaining}은 카드 취소로 돌려드릴 수 없으니 계좌 환불 등 다른 방법으로 처리하세요.</source>
        <translation>KSNET allows {limit} partial cancels per payment ({count} made). The remaining {remaining} cannot be refunded to the card; refund another way, e.g. by bank transfer.</translation>
    </message>
    <message>
        <source>부분취소 {count}/{limit}회 사용 · 결제 후 6개월까지 취소할 수 있습니다.</source>
        <translation>Partial cancels used {count}/{limit} · cancels possible up to 6 months after payment.</translation>
    </message>
</context>
<context>
    <name>CashReceiptDialog</name>
    <message>
        <source>현금영수증 발행</source>
        <translation>Issue cash receipt</translation>
    </message>
    <message>
        <source>현금·계좌이체 (매장에서 직접 받음)</source>
        <translation>Cash / bank transfer (received in the shop)</translation>
    </message>
    <message>
        <source>PortOne 계좌이체·가상계좌 결제</source>
        <translation>PortOne bank transfer / virtual account payment</translation>
    </message>
    <message>
        <source>PortOne 결제의 주문번호 (merchant_uid)</source>
        <translation>Order number of the PortOne payment (merchant_uid)</translation>
    </message>
    <message>
        <source>예: 12,000</source>
        <translation>e.g. 12,000</translation>
    </message>
    <message>
        <source>비우면: 현금 판매</source>
        <translation>if empty: cash sale</translation>
    </message>
    <message>
        <source>비우면: 현금 고객</source>
        <translation>if empty: cash customer</translation>
    </message>
    <message>
        <source>예: 010-1234-5678</source>
        <translation>e.g. 010-1234-5678</translation>
    </message>
    <message>
        <source>예: 123-45-67890</source>
        <translation>e.g. 123-45-67890</translation>
    </message>
    <message>
        <source>카드 뒷면의 번호</source>
        <translation>the number on the back of the card</translation>
    </message>
    <message>
        <source>현금 판매</source>
        <translation>Cash sale</translation>
    </message>
    <message>
        <source>현금 고객</source>
        <translation>Cash customer</translation>
    </message>
    <message>
        <source>번호를 받지 못함 (국세청 자진발급 010-000-1234)</source>
        <translation>No number given (NTS self-issue 010-000-1234)</translation>
    </message>
    <message>
        <source>결제 주문번호</source>
        <translation>Payment order number</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>면세 금액</source>
        <translation>Tax-free amount</translation>
    </message>
    <message>
        <source>주문명</source>
        <translation>Order name</translation>
    </message>
    <message>
        <source>구매자</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>식별번호 종류</source>
        <translation>Number type</translation>
    </message>
    <message>
        <source>식별번호</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>상품 구분</source>
        <translation>Product type</translation>
    </message>
    <message>
        <source>발행</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ChargeAgainDialog</name>
    <message>
        <source>등록 카드로 결제</source>
        <translation>Charge saved card</translation>
    </message>
    <message>
        <source>{name} · {tel} · {card} {number}</source>
        <translation>{name} · {tel} · {card} {number}</translation>
    </message>
    <message>
        <source>예: 12,000</source>
        <translation>e.g. 12,000</translation>
    </message>
    <message>
        <source>예: 정기 꽃 배송</source>
        <translation>e.g. weekly flower delivery</translation>
    </message>
    <message>
        <source>고객</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>면세 금액</source>
        <translation>Tax-free amount</translation>
    </message>
    <message>
        <source>주문명</source>
        <translation>Order name</translation>
    </message>
    <message>
        <source>할부</source>
        <translation>Instalments</translation>
    </message>
    <message>
        <source>상품 구분</source>
        <translation>Product type</translation>
    </message>
    <message>
        <source>결제</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>금액이 {min} 미만이 되어 {quota} 할부를 일시불로 바꿨습니다.</source>
        <translation>The amount fell below {min}: instalments ({quota}) went back to a lump sum.</translation>
    </message>
    <message>
        <source>{min}부터 할부 가능</source>
        <translation>Instalments from {min}</translation>
    </message>
    <message>
        <source>{name} 고객의 {card} {number} 카드로
{amount} {quota} 결제합니다.
고객에게 읽어 드리고 확인을 받으셨나요?</source>
        <translation>Charging {name}&apos;s {card} {number}
{amount}, {quota}.
Did you read this to the customer and get their OK?</translation>
    </message>
    <message>
        <source>결제 요청</source>
        <translation>Request payment</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>결제 확인</source>
        <translation>Confirm the payment</translation>
    </message>
</context>
<context>
    <name>ChargeResultBox</name>
    <message>
        <source>결제 취소</source>
        <translation>Cancel payment</translation>
    </message>
    <message>
        <source>지금 다시 확인</source>
        <translation>Check now</translation>
    </message>
    <message>
        <source>기다리지 않고 새 결제</source>
        <translation>Stop waiting, new payment</translation>
    </message>
    <message>
        <source>같은 주문번호로 다시 보내기</source>
        <translation>Resend with the same order number</translation>
    </message>
    <message>
        <source>다시 보내기는 PortOne이 이 주문의 결제가 없다고 확인할 때만 실제로 보냅니다.</source>
        <translation>A resend is only made when PortOne confirms it has no payment for this order.</translation>
    </message>
    <message>
        <source>승인 완료</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>승인 거절</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>금액 불일치</source>
        <translation>Amount mismatch</translation>
    </message>
    <message>
        <source>확인 중</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>테스트 채널로 처리되어 실제로 돈이 움직이지 않았습니다. 상품을 내주지 말고 설정의 PortOne 채널을 확인하세요.</source>
        <translation>It went through a test channel, so no money moved. Do not hand over the goods, and check the PortOne channel in Settings.</translation>
    </message>
    <message>
        <source>결제 취소됨</source>
        <translation>Payment cancelled</translation>
    </message>
    <message>
        <source>승인번호: {number}</source>
        <translation>Approval no.: {number}</translation>
    </message>
    <message>
        <source>카드: {card} {number}</source>
        <translation>Card: {card} {number}</translation>
    </message>
    <message>
        <source>다음 주문 (Enter)</source>
        <translation>Next order (Enter)</translation>
    </message>
    <message>
        <source>입력 중</source>
        <translation>Entering</translation>
    </message>
    <message>
        <source>새 주문입니다. 아직 카드사에 보내지 않았습니다.</source>
        <translation>A new order. Nothing has been sent to the card company yet.</translation>
    </message>
    <message>
        <source>확인 요청</source>
        <translation>Confirming</translation>
    </message>
    <message>
        <source>보내는 중</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>카드사에 승인을 요청하고 있습니다 · {elapsed}</source>
        <translation>Asking the card company for approval · {elapsed}</translation>
    </message>
    <message>
        <source>응답이 늦습니다. 결과가 나올 때까지 기다리세요. 결제되었을 수 있으니 다시 결제하지 마세요.</source>
        <translation>The reply is late. Wait for the result. The card may have been charged: do not charge it again.</translation>
    </message>
    <message>
        <source>응답이 늦어 PortOne에 결과를 확인하고 있습니다 · {elapsed}</source>
        <translation>The reply was late; asking PortOne what happened · {elapsed}</translation>
    </message>
    <message>
        <source>결제되었을 수 있습니다. 같은 카드로 다시 결제하지 마세요.</source>
        <translation>The card may have been charged. Do not charge the same card again.</translation>
    </message>
    <message>
        <source>다음 확인: {seconds}초 후</source>
        <translation>Next check in {seconds} s</translation>
    </message>
    <message>
        <source>카드 저장됨 — {name} 고객은 다음부터 단골 고객 탭에서 이 카드로 결제합니다.</source>
        <translation>Card saved — next time, charge {name} from the Regulars tab with this card.</translation>
    </message>
    <message>
        <source>카드사 답: {reason}</source>
        <translation>Card company says: {reason}</translation>
    </message>
    <message>
        <source>카드사가 거절했습니다.</source>
        <translation>The card company declined.</translation>
    </message>
    <message>
        <source>다른 카드를 받거나 고객과 확인하세요. 이 주문은 결제되지 않았습니다.</source>
        <translation>Take another card or check with the customer. This order was not paid.</translation>
    </message>
    <message>
        <source>이 주문은 결제되지 않았습니다. 고객 카드에서 돈이 나가지 않았습니다.</source>
        <translation>This order was not paid. No money left the customer’s card.</translation>
    </message>
    <message>
        <source>청구 안 됨</source>
        <translation>Not charged</translation>
    </message>
    <message>
        <source>결제는 되었지만 승인 금액({paid})이 요청({intended})과 다릅니다. 판매로 처리하지 말고 결제를 취소하세요.</source>
        <translation>Charged, but the approved amount ({paid}) differs from the request ({intended}). Do not treat it as a sale: cancel the payment.</translation>
    </message>
    <message>
        <source>테스트 결제 — 실제 결제 아님</source>
        <translation>Test payment — not a real payment</translation>
    </message>
    <message>
        <source>금액: {amount}</source>
        <translation>Amount: {amount}</translation>
    </message>
    <message>
        <source>할부: {quota}</source>
        <translation>Instalments: {quota}</translation>
    </message>
    <message>
        <source>승인 시각: {time}</source>
        <translation>Approved at: {time}</translation>
    </message>
    <message>
        <source>주문번호: {uid}</source>
        <translation>Order no.: {uid}</translation>
    </message>
</context>
<context>
    <name>ConnectionSection</name>
    <message>
        <source>KSNET · 상점아이디(MID) {mid}</source>
        <translation>KSNET · MID {mid}</translation>
    </message>
    <message>
        <source>테스트 채널 (실제 돈 아님)</source>
        <translation>test channel (no real money)</translation>
    </message>
    <message>
        <source>REST API 키</source>
        <translation>REST API key</translation>
    </message>
    <message>
        <source>REST API 시크릿</source>
        <translation>REST API secret</translation>
    </message>
    <message>
        <source>KSNET 키인 채널</source>
        <translation>KSNET key-in channel</translation>
    </message>
    <message>
        <source>키와 시크릿 위치: {where}. 시크릿은 이 PC의 OS 키링에만 저장됩니다.</source>
        <translation>Where the key and secret are: {where}. The secret is kept only in this PC&apos;s OS keyring.</translation>
    </message>
    <message>
        <source>채널은 연결 테스트가 PortOne에서 받아 온 목록에서 고릅니다 (PG, 상점아이디, 채널 키가 함께 정해집니다). 콘솔에서 보려면: {where}.</source>
        <translation>The channel is picked from the list the connection test got from PortOne (PG, MID and channel key come with it). In the console: {where}.</translation>
    </message>
    <message>
        <source>연결 테스트</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>키링에 저장됨 (바꿀 때만 입력)</source>
        <translation>Saved in the keyring (type only to change)</translation>
    </message>
    <message>
        <source>콘솔에서 복사해 붙여 넣으세요</source>
        <translation>Copy it from the console and paste it here</translation>
    </message>
    <message>
        <source>연결 테스트가 끝날 때까지 기다리세요.</source>
        <translation>Wait until the connection test has finished.</translation>
    </message>
    <message>
        <source>키나 채널을 바꾸면 먼저 연결 테스트를 하세요. 테스트한 키만 저장합니다.</source>
        <translation>After changing the keys or the channel, run the connection test first. Only tested keys are saved.</translation>
    </message>
    <message>
        <source>PortOne이 받아들인 키만 저장할 수 있습니다. 연결 테스트 결과를 확인하세요.</source>
        <translation>Only keys PortOne accepted can be saved. Check the connection test&apos;s result.</translation>
    </message>
    <message>
        <source>PortOne 목록에서 KSNET 키인 채널을 고르세요.</source>
        <translation>Pick a KSNET key-in channel from PortOne&apos;s list.</translation>
    </message>
    <message>
        <source>이 채널은 PortOne 목록에 채널 키가 없어 쓸 수 없습니다.</source>
        <translation>PortOne&apos;s list has no channel key for this channel, so it cannot be used.</translation>
    </message>
    <message>
        <source>PortOne에 묻는 중… (키, PG 목록, 결제 조회)</source>
        <translation>Asking PortOne… (keys, PG list, payment lookup)</translation>
    </message>
    <message>
        <source>연결 테스트 통과: 이 키와 채널로 결제할 수 있습니다.</source>
        <translation>Connection test passed: payments can be taken with these keys and this channel.</translation>
    </message>
    <message>
        <source>연결 테스트 실패: 빨간 줄을 고친 뒤 다시 테스트하세요.</source>
        <translation>Connection test failed: fix the red lines, then test again.</translation>
    </message>
    <message>
        <source>— 채널을 고르세요 —</source>
        <translation>— pick a channel —</translation>
    </message>
    <message>
        <source>(저장된 채널)</source>
        <translation>(saved channel)</translation>
    </message>
    <message>
        <source>연결 테스트를 하면 PortOne의 채널 목록이 여기에 나옵니다</source>
        <translation>Run the connection test to list PortOne&apos;s channels here</translation>
    </message>
    <message>
        <source>PG {pg} · 채널 키 {key}</source>
        <translation>PG {pg} · channel key {key}</translation>
    </message>
    <message>
        <source>테스트 채널입니다. 이 채널로는 승인처럼 보여도 실제 돈이 움직이지 않으며, 화면 위에 늘 &apos;테스트 채널&apos;로 표시됩니다.</source>
        <translation>This is a test channel. Payments on it look approved but move no real money; the top of the window always says &apos;test channel&apos;.</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>오류 보고서: {path}</source>
        <translation>Error report: {path}</translation>
    </message>
    <message>
        <source>프로그램 오류가 발생했습니다. 진행 중이던 결제가 있었다면 거래내역에서 결과를 확인한 뒤 다시 결제하세요.</source>
        <translation>The program ran into an error. If a payment was in progress, check its result in the history before charging again.</translation>
    </message>
    <message>
        <source>프로그램 오류</source>
        <translation>Program error</translation>
    </message>
</context>
<context>
    <name>CustomerPlansSection</name>
    <message>
        <source>정기결제</source>
        <translation>Recurring payments</translation>
    </message>
    <message>
        <source>주문</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>언제</source>
        <translation>When</translation>
    </message>
    <message>
        <source>상태</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>회차</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>결제 시각</source>
        <translation>Runs at</translation>
    </message>
    <message>
        <source>PortOne 답 / 비고</source>
        <translation>PortOne&apos;s answer / note</translation>
    </message>
    <message>
        <source>새 정기결제…</source>
        <translation>New recurring payment…</translation>
    </message>
    <message>
        <source>해지…</source>
        <translation>End plan…</translation>
    </message>
    <message>
        <source>지금 다시 결제</source>
        <translation>Charge again now</translation>
    </message>
    <message>
        <source>예약 취소</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>정기결제가 없습니다. [새 정기결제…]로 이 카드에 만들 수 있습니다.</source>
        <translation>No recurring payments. [New recurring payment…] makes one on this card.</translation>
    </message>
    <message>
        <source>{n}회</source>
        <translation>No. {n}</translation>
    </message>
    <message>
        <source>다시 시작</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>일시중지</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>날짜 바꾸기…</source>
        <translation>Change date…</translation>
    </message>
    <message>
        <source>다시 예약…</source>
        <translation>Schedule again…</translation>
    </message>
    <message>
        <source>정기결제를 만들고 PortOne에 예약하는 중…</source>
        <translation>Creating the plan and scheduling it at PortOne…</translation>
    </message>
    <message>
        <source>정기결제를 만들었습니다. PortOne에 {count}회분을 예약했습니다.</source>
        <translation>Plan created. {count} payments are scheduled at PortOne.</translation>
    </message>
    <message>
        <source>{count}건은 예약 결과를 확인 중입니다.</source>
        <translation>{count} still being confirmed.</translation>
    </message>
    <message>
        <source>{count}건은 예약되지 않았습니다: {reason}</source>
        <translation>{count} not scheduled: {reason}</translation>
    </message>
</context>
<context>
    <name>CustomersTab</name>
    <message>
        <source>고객</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>전화번호</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>카드번호</source>
        <translation>Card number</translation>
    </message>
    <message>
        <source>카드</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>등록일</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>최근 사용</source>
        <translation>Last used</translation>
    </message>
    <message>
        <source>전화번호 또는 이름 (Enter로 찾기)</source>
        <translation>Phone number or name (Enter to search)</translation>
    </message>
    <message>
        <source>찾기</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>새 카드 등록…</source>
        <translation>Register a card…</translation>
    </message>
    <message>
        <source>등록 카드로 결제…</source>
        <translation>Charge saved card…</translation>
    </message>
    <message>
        <source>PortOne에서 새로고침</source>
        <translation>Refresh from PortOne</translation>
    </message>
    <message>
        <source>카드 삭제…</source>
        <translation>Delete card…</translation>
    </message>
    <message>
        <source>없음</source>
        <translation>None</translation>
    </message>
    <message>
        <source>{count}명</source>
        <translation>{count} customers</translation>
    </message>
    <message>
        <source>{query_ro} 찾은 고객이 없습니다. 새 카드 등록으로 추가하세요.</source>
        <translation>No customer found for {query_ro}. Add one with Register new card.</translation>
    </message>
    <message>
        <source>{name} 고객의 카드 등록 중…</source>
        <translation>Registering {name}&apos;s card…</translation>
    </message>
    <message>
        <source>{name} 고객의 카드를 등록했습니다 ({time}).</source>
        <translation>Registered {name}&apos;s card ({time}).</translation>
    </message>
    <message>
        <source>카드 등록 결과를 아직 모릅니다. 같은 카드를 다시 등록하지 마세요. 프로그램을 다시 시작하면 PortOne에 다시 확인하고, 등록되었으면 이 목록에 나타납니다.</source>
        <translation>The result of the registration is not known yet. Do not register the same card again. When the program starts again it asks PortOne, and a registered card then appears in this list.</translation>
    </message>
    <message>
        <source>{name} · {amount} 결제 중… 창을 닫지 마세요.</source>
        <translation>Charging {name} · {amount}… Do not close the window.</translation>
    </message>
    <message>
        <source>{name} · {amount} 승인 · 승인번호 {apply_num} · {time}</source>
        <translation>{name} · {amount} approved · approval no. {apply_num} · {time}</translation>
    </message>
    <message>
        <source>{name} 고객의 결제 결과를 아직 모릅니다. 결제되었을 수 있으니 다시 결제하지 마세요. 영수증 탭에서 결과를 확인하세요.</source>
        <translation>The result of {name}&apos;s payment is not known yet. It may have been charged: do not charge again. Check the result in the Receipt tab.</translation>
    </message>
    <message>
        <source>{name} · 결제 안 됨: {reason}</source>
        <translation>{name} · not paid: {reason}</translation>
    </message>
    <message>
        <source>{name} 고객의 카드 {card_number} 삭제할까요?
PortOne에서도 삭제되어 다시 결제하려면 카드를 새로 등록해야 합니다.</source>
        <translation>Delete {name}&apos;s card {card_number}?
It is deleted at PortOne too; to charge it again the card must be registered anew.</translation>
    </message>
    <message>
        <source>PortOne에 {name} 고객의 카드가 없습니다. 목록에서 뺐습니다.</source>
        <translation>PortOne has no card for {name}. Removed from the list.</translation>
    </message>
    <message>
        <source>확인했습니다: {name} · {card} {number}</source>
        <translation>Checked: {name} · {card} {number}</translation>
    </message>
    <message>
        <source>등록된 카드가 아직 없습니다. 새 카드 등록으로 추가하세요.</source>
        <translation>No saved cards yet. Add one with Register a card.</translation>
    </message>
    <message>
        <source>카드를 등록하지 못했습니다.</source>
        <translation>The card could not be registered.</translation>
    </message>
    <message>
        <source>승인 금액이 요청과 다릅니다. 영수증 탭에서 취소하세요.</source>
        <translation>The approved amount differs from the request. Cancel it in the Receipt tab.</translation>
    </message>
    <message>
        <source>카드 삭제</source>
        <translation>Delete card</translation>
    </message>
    <message>
        <source>고객 요청으로 계산대에서 삭제</source>
        <translation>Deleted at the counter on customer request</translation>
    </message>
    <message>
        <source>삭제 중…</source>
        <translation>Deleting…</translation>
    </message>
    <message>
        <source>카드를 삭제했습니다.</source>
        <translation>The card was deleted.</translation>
    </message>
    <message>
        <source>PortOne에서 카드 정보를 확인하는 중…</source>
        <translation>Checking the card at PortOne…</translation>
    </message>
</context>
<context>
    <name>DayCloseDialog</name>
    <message>
        <source>일일 마감</source>
        <translation>Daily close</translation>
    </message>
    <message>
        <source>불러오기</source>
        <translation>Load</translation>
    </message>
    <message>
        <source>카드사</source>
        <translation>Card company</translation>
    </message>
    <message>
        <source>승인 건수</source>
        <translation>Approved (count)</translation>
    </message>
    <message>
        <source>승인 금액</source>
        <translation>Approved (amount)</translation>
    </message>
    <message>
        <source>취소 건수</source>
        <translation>Cancelled (count)</translation>
    </message>
    <message>
        <source>취소 금액</source>
        <translation>Cancelled (amount)</translation>
    </message>
    <message>
        <source>순매출</source>
        <translation>Net sales</translation>
    </message>
    <message>
        <source>PortOne과 대사하면 이곳에 차이가 표시됩니다.</source>
        <translation>Differences appear here after reconciling with PortOne.</translation>
    </message>
    <message>
        <source>구분</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>주문번호</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <source>이 계산대</source>
        <translation>This counter</translation>
    </message>
    <message>
        <source>PortOne</source>
        <translation>PortOne</translation>
    </message>
    <message>
        <source>인쇄…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>PortOne과 대사</source>
        <translation>Reconcile with PortOne</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>마감일</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>카드사별</source>
        <translation>By card company</translation>
    </message>
    <message>
        <source>담당자별</source>
        <translation>By cashier</translation>
    </message>
    <message>
        <source>담당자</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>내보내기…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>일 마감은 관리자 이상의 승인이 필요합니다.</source>
        <translation>The day close needs a manager&apos;s or owner&apos;s approval.</translation>
    </message>
    <message>
        <source>{day} 일 마감</source>
        <translation>Day close for {day}</translation>
    </message>
    <message>
        <source>집계 중…</source>
        <translation>Adding up…</translation>
    </message>
    <message>
        <source>(카드사 미상)</source>
        <translation>(unknown company)</translation>
    </message>
    <message>
        <source>합계</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>다른 곳에서 한 환불</source>
        <translation>Refunds made elsewhere</translation>
    </message>
    <message>
        <source>(이름 없음)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>{day} 마감</source>
        <translation>Close of {day}</translation>
    </message>
    <message>
        <source>집계 {time}</source>
        <translation>totalled {time}</translation>
    </message>
    <message>
        <source>승인 {count}건 {amount}</source>
        <translation>Approved {count} · {amount}</translation>
    </message>
    <message>
        <source>취소 {count}건 {amount}</source>
        <translation>Cancelled {count} · {amount}</translation>
    </message>
    <message>
        <source>순매출 {amount}</source>
        <translation>Net sales {amount}</translation>
    </message>
    <message>
        <source>그중 계산대 결제 {count}건 {amount} · 정기결제 {scheduled}건 {scheduled_amount}</source>
        <translation>Of these: counter sales {count}, {amount} · recurring payments {scheduled}, {scheduled_amount}</translation>
    </message>
    <message>
        <source>면세 {tax_free} · 부가세 {vat}</source>
        <translation>Tax-free {tax_free} · VAT {vat}</translation>
    </message>
    <message>
        <source>현금영수증 {count}건 {amount}</source>
        <translation>Cash receipts {count} · {amount}</translation>
    </message>
    <message>
        <source>합계 (카드 + 현금영수증) {amount}</source>
        <translation>Total (card + cash receipts) {amount}</translation>
    </message>
    <message>
        <source>기록 기준점 {anchor} (보관용: 나중의 기록이 이보다 적으면 지워진 것입니다)</source>
        <translation>Journal anchor {anchor} (keep it: a later journal with fewer records has lost some)</translation>
    </message>
    <message>
        <source>Excel 파일 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>마감 내보내기</source>
        <translation>Export day close</translation>
    </message>
    <message>
        <source>저장했습니다: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>다른 계산대의 거래(차이 아님)</source>
        <translation>Another counter&apos;s sale (not a difference)</translation>
    </message>
    <message>
        <source>테스트 결제(돈 안 움직임)</source>
        <translation>Test payment (no money moved)</translation>
    </message>
    <message>
        <source>CSV 파일 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>PortOne 거래를 불러오는 중…</source>
        <translation>Loading PortOne transactions…</translation>
    </message>
    <message>
        <source>PortOne과 다른 거래가 {count}건 있습니다.</source>
        <translation>{count} transaction(s) differ from PortOne.</translation>
    </message>
    <message>
        <source>PortOne과 차이가 없습니다.</source>
        <translation>No differences with PortOne.</translation>
    </message>
    <message>
        <source>이 계산대에만 있음</source>
        <translation>Only at this counter</translation>
    </message>
    <message>
        <source>PortOne에만 있음</source>
        <translation>Only at PortOne</translation>
    </message>
    <message>
        <source>금액 다름</source>
        <translation>Amount differs</translation>
    </message>
    <message>
        <source>상태 다름</source>
        <translation>Status differs</translation>
    </message>
</context>
<context>
    <name>DayDialog</name>
    <message>
        <source>이 날로 예약</source>
        <translation>Schedule on this day</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>오류</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>확인</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>알림</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>예</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>아니오</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>FieldError</name>
    <message>
        <source>구매자 이름을 입력하세요 (KSNET 필수).</source>
        <translation>Enter the buyer&apos;s name (KSNET requires it).</translation>
    </message>
    <message>
        <source>구매자 이름은 {max}자 이하로 입력하세요.</source>
        <translation>The buyer name may have at most {max} characters.</translation>
    </message>
    <message>
        <source>전화번호를 입력하세요.</source>
        <translation>Enter a phone number.</translation>
    </message>
    <message>
        <source>전화번호는 숫자와 - 만 입력하세요.</source>
        <translation>Use only digits and - in the phone number.</translation>
    </message>
    <message>
        <source>전화번호는 {max}자 이하로 입력하세요.</source>
        <translation>The phone number may have at most {max} characters.</translation>
    </message>
    <message>
        <source>전화번호가 너무 짧습니다 (숫자 {min}자리 이상).</source>
        <translation>The phone number is too short (at least {min} digits).</translation>
    </message>
    <message>
        <source>이메일 주소 형식이 올바르지 않습니다.</source>
        <translation>The e-mail address is not valid.</translation>
    </message>
    <message>
        <source>이메일은 {max}자 이하로 입력하세요.</source>
        <translation>The e-mail may have at most {max} characters.</translation>
    </message>
    <message>
        <source>우편번호는 숫자와 - 만 입력하세요.</source>
        <translation>Use only digits and - in the postcode.</translation>
    </message>
    <message>
        <source>우편번호는 {max}자 이하로 입력하세요.</source>
        <translation>The postcode may have at most {max} characters.</translation>
    </message>
    <message>
        <source>주문명을 입력하세요.</source>
        <translation>Enter an order name.</translation>
    </message>
    <message>
        <source>주문명은 {max}자 이하로 입력하세요.</source>
        <translation>The order name may have at most {max} characters.</translation>
    </message>
    <message>
        <source>카드번호를 입력하세요.</source>
        <translation>Enter the card number.</translation>
    </message>
    <message>
        <source>카드번호는 숫자만 입력하세요 (공백, - 는 허용).</source>
        <translation>The card number takes digits only (spaces and - are fine).</translation>
    </message>
    <message>
        <source>카드번호는 {min}~{max}자리여야 합니다 (입력: {length}자리).</source>
        <translation>A card number has {min} to {max} digits (typed: {length}).</translation>
    </message>
    <message>
        <source>카드번호가 올바르지 않습니다. 번호를 다시 확인하세요.</source>
        <translation>The card number is not valid. Check it again.</translation>
    </message>
    <message>
        <source>유효기간을 입력하세요.</source>
        <translation>Enter the expiry date.</translation>
    </message>
    <message>
        <source>유효기간은 MM/YY 형식으로 입력하세요 (예: 03/29 또는 2029-03).</source>
        <translation>Enter the expiry as MM/YY (e.g. 03/29 or 2029-03).</translation>
    </message>
    <message>
        <source>유효기간의 월은 01~12 사이여야 합니다.</source>
        <translation>The expiry month must be 01 to 12.</translation>
    </message>
    <message>
        <source>유효기간이 지난 카드입니다.</source>
        <translation>The card has expired.</translation>
    </message>
    <message>
        <source>유효기간이 너무 먼 미래입니다 ({years}년 이내). 다시 확인하세요.</source>
        <translation>The expiry is too far ahead (within {years} years). Check it again.</translation>
    </message>
    <message>
        <source>생년월일 6자리 또는 사업자등록번호 10자리를 입력하세요.</source>
        <translation>Enter the 6-digit birth date or the 10-digit business number.</translation>
    </message>
    <message>
        <source>생년월일(YYMMDD 6자리) 또는 사업자등록번호(10자리)를 숫자로 입력하세요.</source>
        <translation>Enter the birth date (YYMMDD, 6 digits) or the business number (10 digits) in digits.</translation>
    </message>
    <message>
        <source>생년월일이 실제 날짜가 아닙니다 (YYMMDD).</source>
        <translation>The birth date is not a real date (YYMMDD).</translation>
    </message>
    <message>
        <source>사업자등록번호가 올바르지 않습니다 (검증 번호 불일치).</source>
        <translation>The business number is not valid (check digit does not match).</translation>
    </message>
    <message>
        <source>카드 비밀번호 앞 2자리를 입력하세요.</source>
        <translation>Enter the first 2 digits of the card PIN.</translation>
    </message>
    <message>
        <source>카드 비밀번호는 앞 2자리 숫자만 입력하세요.</source>
        <translation>Enter only the first 2 digits of the card PIN.</translation>
    </message>
    <message>
        <source>현금영수증 발급 번호를 입력하세요.</source>
        <translation>Enter the cash receipt number.</translation>
    </message>
    <message>
        <source>현금영수증 발급 번호는 숫자만 입력하세요.</source>
        <translation>The cash receipt number takes digits only.</translation>
    </message>
    <message>
        <source>휴대폰 번호는 01로 시작하는 10~11자리여야 합니다.</source>
        <translation>A mobile number has 10–11 digits starting with 01.</translation>
    </message>
    <message>
        <source>사업자등록번호가 올바르지 않습니다 (10자리, 검증 번호 확인).</source>
        <translation>The business number is not valid (10 digits, check digit).</translation>
    </message>
    <message>
        <source>현금영수증 카드번호는 13~19자리여야 합니다.</source>
        <translation>A cash receipt card number has 13–19 digits.</translation>
    </message>
    <message>
        <source>주민등록번호 13자리가 올바르지 않습니다.</source>
        <translation>The 13-digit resident registration number is not valid.</translation>
    </message>
    <message>
        <source>발급 번호 종류를 선택하세요.</source>
        <translation>Choose the kind of number.</translation>
    </message>
    <message>
        <source>소득공제 또는 지출증빙을 선택하세요.</source>
        <translation>Choose income deduction or expense proof.</translation>
    </message>
    <message>
        <source>지출증빙은 자진발급할 수 없습니다. 사업자등록번호 등 발급 번호를 입력하세요.</source>
        <translation>Expense-proof receipts cannot be self-issued. Enter a business number or another number.</translation>
    </message>
    <message>
        <source>상품 유형(실물/디지털)을 선택하세요.</source>
        <translation>Choose the product type (physical/digital).</translation>
    </message>
    <message>
        <source>등록된 카드를 다시 선택하세요 (고객 번호 오류).</source>
        <translation>Choose the saved card again (customer id error).</translation>
    </message>
    <message>
        <source>할부는 일시불(0) 또는 2~{max}개월만 선택할 수 있습니다.</source>
        <translation>Instalments are single payment (0) or 2 to {max} months.</translation>
    </message>
    <message>
        <source>할부는 {min_amount:,}원 이상 결제에서만 가능합니다.</source>
        <translation>Instalments are possible from {min_amount:,} won only.</translation>
    </message>
    <message>
        <source>할부 개월 수를 숫자로 선택하세요.</source>
        <translation>Choose the number of instalment months.</translation>
    </message>
    <message>
        <source>이미 전액 취소된 결제입니다.</source>
        <translation>This payment is already fully cancelled.</translation>
    </message>
    <message>
        <source>취소 금액은 0보다 작을 수 없습니다.</source>
        <translation>The cancel amount cannot be negative.</translation>
    </message>
    <message>
        <source>취소 금액이 취소 가능한 잔액({remaining:,}원)보다 큽니다.</source>
        <translation>The cancel amount is more than the cancellable balance ({remaining:,} won).</translation>
    </message>
    <message>
        <source>부분취소는 최대 {max}회까지 가능합니다. 이미 {count}회 부분취소되었습니다.</source>
        <translation>At most {max} partial cancels are possible; {count} were made already.</translation>
    </message>
    <message>
        <source>결제 후 {days}일이 지나 취소할 수 없습니다 (KSNET 취소 가능 기간 6개월).</source>
        <translation>{days} days have passed since the payment; it cannot be cancelled (KSNET allows 6 months).</translation>
    </message>
    <message>
        <source>금액을 입력하세요.</source>
        <translation>Enter the amount.</translation>
    </message>
    <message>
        <source>금액은 숫자로만 입력하세요 (예: 12,000).</source>
        <translation>Enter the amount in digits (e.g. 12,000).</translation>
    </message>
    <message>
        <source>금액은 0보다 작을 수 없습니다.</source>
        <translation>The amount cannot be negative.</translation>
    </message>
    <message>
        <source>금액은 원 단위 정수로 입력하세요 (소수점 불가).</source>
        <translation>Enter whole won (no decimals).</translation>
    </message>
    <message>
        <source>금액은 1원 이상이어야 합니다.</source>
        <translation>The amount must be at least 1 won.</translation>
    </message>
    <message>
        <source>금액이 너무 큽니다 (최대 {max:,}원).</source>
        <translation>The amount is too large (at most {max:,} won).</translation>
    </message>
    <message>
        <source>면세 금액은 0원 이상, 결제 금액({amount:,}원) 이하여야 합니다.</source>
        <translation>The tax-free amount must be between 0 and the payment amount ({amount:,} won).</translation>
    </message>
    <message>
        <source>취소할 면세 금액은 0원 이상, 취소 금액과 남은 면세 금액({remaining:,}원) 이하여야 합니다.</source>
        <translation>The tax-free part of the cancel must be between 0 and both the cancel amount and the remaining tax-free amount ({remaining:,} won).</translation>
    </message>
    <message>
        <source>취소할 과세 금액이 남은 과세 금액({remaining:,}원)보다 큽니다. 면세 금액을 확인하세요.</source>
        <translation>The taxable part of the cancel is more than the remaining taxable amount ({remaining:,} won). Check the tax-free amount.</translation>
    </message>
    <message>
        <source>카드번호처럼 보이는 숫자는 넣을 수 없습니다.</source>
        <translation>Numbers that look like a card number cannot be entered here.</translation>
    </message>
    <message>
        <source>입력할 수 없는 문자(제어 문자나 깨진 문자)가 들어 있습니다. 지우고 다시 입력하세요.</source>
        <translation>This contains characters that cannot be used (control or broken characters). Delete them and type again.</translation>
    </message>
    <message>
        <source>취소 사유를 입력하세요.</source>
        <translation>Enter a cancel reason.</translation>
    </message>
    <message>
        <source>취소 사유는 {max}자 이하로 입력하세요.</source>
        <translation>Enter a cancel reason of at most {max} characters.</translation>
    </message>
    <message>
        <source>지출증빙 현금영수증에는 사업자번호(또는 현금영수증 카드번호)가 필요합니다.</source>
        <translation>An expense-proof cash receipt needs a business number (or a cash receipt card number).</translation>
    </message>
    <message>
        <source>법인카드는 사업자등록번호 10자리를 입력하세요.</source>
        <translation>For a corporate card enter the 10-digit business number.</translation>
    </message>
    <message>
        <source>개인카드는 생년월일 6자리(YYMMDD)를 입력하세요. 법인카드라면 &apos;법인카드&apos;를 켜세요.</source>
        <translation>For a personal card enter the 6-digit birth date (YYMMDD). For a corporate card, tick &apos;Corporate card&apos;.</translation>
    </message>
    <message>
        <source>날짜를 알아볼 수 없습니다: {text} (예: 1120, 11/20, 2026-11-20)</source>
        <translation>Cannot read the date: {text} (e.g. 1120, 11/20, 2026-11-20)</translation>
    </message>
    <message>
        <source>없는 날짜입니다: {text}</source>
        <translation>No such date: {text}</translation>
    </message>
    <message>
        <source>개인카드는 생년월일 6자리, 법인카드는 사업자번호 10자리입니다. 카드 종류를 확인하세요.</source>
        <translation>A personal card takes the 6-digit birth date, a corporate card the 10-digit business number. Check the card type.</translation>
    </message>
    <message>
        <source>전액 취소와 부분 취소 중 하나를 고르세요.</source>
        <translation>Choose a full or a partial cancel.</translation>
    </message>
    <message>
        <source>발급 번호를 입력하거나, 번호를 받지 못했으면 &apos;번호를 받지 못함&apos;을 체크하세요.</source>
        <translation>Enter the receipt number, or tick &apos;No number given&apos; if the customer gave none.</translation>
    </message>
    <message>
        <source>PortOne 결제의 주문번호를 입력하세요.</source>
        <translation>Enter the order number of the PortOne payment.</translation>
    </message>
    <message>
        <source>금액이 너무 큽니다 ({amount}). 한 번에 {limit}까지 받을 수 있습니다. 금액을 다시 확인하세요.</source>
        <translation>The amount is too large ({amount}). Up to {limit} can be taken at once. Check the amount.</translation>
    </message>
    <message>
        <source>날짜를 알아볼 수 없습니다: {text} (예: 2026-12-31)</source>
        <translation>Cannot read the date: {text} (e.g. 2026-12-31)</translation>
    </message>
    <message>
        <source>시작일을 입력하세요.</source>
        <translation>Enter the start date.</translation>
    </message>
    <message>
        <source>시작일은 오늘({today}) 이후여야 합니다.</source>
        <translation>The start date must be today ({today}) or later.</translation>
    </message>
    <message>
        <source>종료일을 입력하세요.</source>
        <translation>Enter the end date.</translation>
    </message>
    <message>
        <source>결제 횟수를 숫자로 입력하세요 (1~{max}).</source>
        <translation>Enter the number of payments as a number (1–{max}).</translation>
    </message>
    <message>
        <source>숫자로 입력하세요.</source>
        <translation>Enter a number.</translation>
    </message>
    <message>
        <source>결제 시각은 00:00~23:59 형식으로 입력하세요 (예: 10:00).</source>
        <translation>Enter the time as 00:00–23:59 (e.g. 10:00).</translation>
    </message>
    <message>
        <source>끝나는 방식(계속, 종료일, 횟수)을 고르세요.</source>
        <translation>Choose how it ends (until cancelled, end date, number of payments).</translation>
    </message>
    <message>
        <source>첫 결제 시각({day} {time})이 지났거나 너무 가깝습니다. 시작일이나 결제 시각을 바꾸세요.</source>
        <translation>The first payment ({day} {time}) is past or too close. Change the start date or the time.</translation>
    </message>
    <message>
        <source>반복 방식을 고르세요.</source>
        <translation>Choose how it repeats.</translation>
    </message>
    <message>
        <source>반복 방식(매월, 몇 주마다, 날짜 지정)을 고르세요.</source>
        <translation>Choose how it repeats (monthly, every few weeks, chosen dates).</translation>
    </message>
    <message>
        <source>결제일은 1일부터 31일 사이로 고르세요.</source>
        <translation>Choose a payment day from 1 to 31.</translation>
    </message>
    <message>
        <source>몇 주마다 결제할지 1~{max}주 사이로 고르세요.</source>
        <translation>Choose every 1 to {max} weeks.</translation>
    </message>
    <message>
        <source>결제할 날짜를 하나 이상 고르세요.</source>
        <translation>Choose at least one payment date.</translation>
    </message>
    <message>
        <source>날짜는 {max}개까지 고를 수 있습니다.</source>
        <translation>You can choose up to {max} dates.</translation>
    </message>
    <message>
        <source>시작일({start}) 앞의 날짜가 있습니다: {day}</source>
        <translation>A date is before the start ({start}): {day}</translation>
    </message>
    <message>
        <source>종료일({end}) 뒤의 날짜가 있습니다: {day}</source>
        <translation>A date is after the end ({end}): {day}</translation>
    </message>
    <message>
        <source>종료일은 시작일({start}) 이후여야 합니다.</source>
        <translation>The end date must be on or after the start ({start}).</translation>
    </message>
    <message>
        <source>결제 횟수는 1~{max}회 사이로 입력하세요.</source>
        <translation>Enter 1 to {max} payments.</translation>
    </message>
    <message>
        <source>시작일부터 종료일까지 결제할 날이 없습니다. 날짜를 다시 확인하세요.</source>
        <translation>There is no payment day between the start and the end. Check the dates.</translation>
    </message>
    <message>
        <source>PIN은 숫자 {min}–{max}자리입니다.</source>
        <translation>A PIN is {min}–{max} digits.</translation>
    </message>
    <message>
        <source>너무 쉬운 PIN입니다(같은 숫자 반복이나 1234처럼 이어지는 숫자). 다른 PIN을 정하세요.</source>
        <translation>That PIN is too easy (one digit repeated, or a run like 1234). Choose another PIN.</translation>
    </message>
    <message>
        <source>두 번 입력한 PIN이 다릅니다.</source>
        <translation>The two PINs entered differ.</translation>
    </message>
    <message>
        <source>이름을 입력하세요.</source>
        <translation>Enter the name.</translation>
    </message>
    <message>
        <source>이름은 {max}자까지입니다.</source>
        <translation>A name has at most {max} characters.</translation>
    </message>
    <message>
        <source>이름은 숫자만으로 만들 수 없습니다(PIN과 헷갈리지 않도록).</source>
        <translation>A name cannot be digits only (so it is never mistaken for a PIN).</translation>
    </message>
    <message>
        <source>이름에 쓸 수 없는 문자가 있습니다.</source>
        <translation>The name has a character that cannot be used.</translation>
    </message>
</context>
<context>
    <name>FieldLabel</name>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>면세 금액</source>
        <translation>Tax-free amount</translation>
    </message>
    <message>
        <source>주문명</source>
        <translation>Order name</translation>
    </message>
    <message>
        <source>구매자 이름</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>구매자 전화번호</source>
        <translation>Buyer phone</translation>
    </message>
    <message>
        <source>구매자 이메일</source>
        <translation>Buyer e-mail</translation>
    </message>
    <message>
        <source>우편번호</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>카드번호</source>
        <translation>Card number</translation>
    </message>
    <message>
        <source>유효기간</source>
        <translation>Expiry</translation>
    </message>
    <message>
        <source>생년월일/사업자번호</source>
        <translation>Birth date / business no.</translation>
    </message>
    <message>
        <source>비밀번호 앞 2자리</source>
        <translation>First 2 PIN digits</translation>
    </message>
    <message>
        <source>할부</source>
        <translation>Instalments</translation>
    </message>
    <message>
        <source>상품 유형</source>
        <translation>Product type</translation>
    </message>
    <message>
        <source>현금영수증 발급번호</source>
        <translation>Cash receipt number</translation>
    </message>
    <message>
        <source>등록 카드</source>
        <translation>Saved card</translation>
    </message>
    <message>
        <source>취소 사유</source>
        <translation>Cancel reason</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>{amount}원</source>
        <translation>{amount} won</translation>
    </message>
    <message>
        <source>일시불</source>
        <translation>Single payment</translation>
    </message>
    <message>
        <source>{months}개월</source>
        <translation>{months} months</translation>
    </message>
    <message>
        <source>처리 중</source>
        <translation>Processing</translation>
    </message>
    <message>
        <source>승인</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>거절</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>금액 불일치</source>
        <translation>Amount mismatch</translation>
    </message>
    <message>
        <source>확인 중</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>결제 안 됨</source>
        <translation>Not charged</translation>
    </message>
    <message>
        <source>취소</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>부분취소</source>
        <translation>Partly cancelled</translation>
    </message>
    <message>
        <source>결제완료</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>취소됨</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>실패</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>미결제</source>
        <translation>Not paid</translation>
    </message>
    <message>
        <source>디지털</source>
        <translation>Digital</translation>
    </message>
    <message>
        <source>실물</source>
        <translation>Physical</translation>
    </message>
    <message>
        <source>{hour}시 {minute:02d}분</source>
        <translation>{hour}:{minute:02d}</translation>
    </message>
    <message>
        <source>{second:02d}초</source>
        <translation>:{second:02d}</translation>
    </message>
    <message>
        <source>{seconds}초</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>{minutes}분 {seconds:02d}초</source>
        <translation>{minutes} min {seconds:02d} s</translation>
    </message>
    <message>
        <source>휴대폰 번호</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>사업자번호</source>
        <translation>Business no.</translation>
    </message>
    <message>
        <source>현금영수증 카드</source>
        <translation>Cash receipt card</translation>
    </message>
    <message>
        <source>주민등록번호</source>
        <translation>Resident registration no.</translation>
    </message>
    <message>
        <source>지출증빙</source>
        <translation>Expense proof</translation>
    </message>
    <message>
        <source>테스트 결제(실제 돈 아님)</source>
        <translation>Test payment (not real money)</translation>
    </message>
    <message>
        <source>카드 결제</source>
        <translation>Card sale</translation>
    </message>
    <message>
        <source>카드 취소</source>
        <translation>Card cancel</translation>
    </message>
    <message>
        <source>현금영수증</source>
        <translation>Cash receipt</translation>
    </message>
    <message>
        <source>소득공제</source>
        <translation>Income deduction</translation>
    </message>
    <message>
        <source>거래 기록 파일에 쓸 수 없습니다.</source>
        <translation>The journal file cannot be written.</translation>
    </message>
    <message>
        <source>파일을 쓸 수 없습니다: {reason}</source>
        <translation>Cannot write the file: {reason}</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>구분</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>일시</source>
        <translation>Date/time</translation>
    </message>
    <message>
        <source>상태</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>금액(원)</source>
        <translation>Amount (won)</translation>
    </message>
    <message>
        <source>취소(원)</source>
        <translation>Cancelled (won)</translation>
    </message>
    <message>
        <source>카드사</source>
        <translation>Card company</translation>
    </message>
    <message>
        <source>카드번호</source>
        <translation>Card number</translation>
    </message>
    <message>
        <source>할부</source>
        <translation>Instalments</translation>
    </message>
    <message>
        <source>승인번호</source>
        <translation>Approval no.</translation>
    </message>
    <message>
        <source>구매자</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>전화</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>주문명</source>
        <translation>Order name</translation>
    </message>
    <message>
        <source>주문번호</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <source>담당 (승인)</source>
        <translation>Staff (approved by)</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>전체</source>
        <translation>All</translation>
    </message>
    <message>
        <source>카드 결제</source>
        <translation>Card sale</translation>
    </message>
    <message>
        <source>카드 취소</source>
        <translation>Card cancel</translation>
    </message>
    <message>
        <source>현금영수증</source>
        <translation>Cash receipt</translation>
    </message>
    <message>
        <source>승인</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>취소·부분취소</source>
        <translation>Cancelled / partly</translation>
    </message>
    <message>
        <source>거절·결제 안 됨</source>
        <translation>Declined / not charged</translation>
    </message>
    <message>
        <source>확인 중</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>금액 불일치</source>
        <translation>Amount mismatch</translation>
    </message>
    <message>
        <source>오늘</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>어제</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <source>이번 주</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>이번 달</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>지난 달</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>구분</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>예: 1120, 11/20</source>
        <translation>e.g. 1120, 11/20</translation>
    </message>
    <message>
        <source>끝 4자리</source>
        <translation>Last 4</translation>
    </message>
    <message>
        <source>전화번호</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>구매자</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>검색</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>초기화</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>영수증 보기·재출력</source>
        <translation>View / reprint receipt</translation>
    </message>
    <message>
        <source>일일 마감…</source>
        <translation>Daily close…</translation>
    </message>
    <message>
        <source>PortOne과 대사…</source>
        <translation>Reconcile with PortOne…</translation>
    </message>
    <message>
        <source>기간</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>상태</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>카드 끝 4자리</source>
        <translation>Card last 4</translation>
    </message>
    <message>
        <source>전화</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>내보내기…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>카드 끝 4자리는 숫자 4개입니다.</source>
        <translation>Card last 4 is four digits.</translation>
    </message>
    <message>
        <source>검색 중…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>{count}건</source>
        <translation>{count} rows</translation>
    </message>
    <message>
        <source>목록에서 거래를 먼저 선택하세요.</source>
        <translation>Select a transaction in the list first.</translation>
    </message>
    <message>
        <source>CSV 파일 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Excel 파일 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>거래내역 내보내기</source>
        <translation>Export history</translation>
    </message>
    <message>
        <source>{count}건을 저장했습니다: {path}</source>
        <translation>Saved {count} rows: {path}</translation>
    </message>
</context>
<context>
    <name>InstanceLock</name>
    <message>
        <source>이미 실행 중</source>
        <translation>Already running</translation>
    </message>
    <message>
        <source>이 계산대 프로그램이 이미 실행 중입니다 (프로세스 {pid}). 같은 데이터 폴더({folder})를 두 프로그램이 함께 쓰면 결제 기록이 엉킬 수 있어 이 창은 열지 않습니다. 이미 열린 창을 사용하세요.</source>
        <translation>This counter program is already running (process {pid}). Two programs sharing one data folder ({folder}) could tangle the payment records, so this window does not open. Use the window that is already open.</translation>
    </message>
</context>
<context>
    <name>KeyInForm</name>
    <message>
        <source>결제 금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>면세 금액</source>
        <translation>Tax-free amount</translation>
    </message>
    <message>
        <source>주문명</source>
        <translation>Order name</translation>
    </message>
    <message>
        <source>할부</source>
        <translation>Instalments</translation>
    </message>
    <message>
        <source>상품 유형</source>
        <translation>Product type</translation>
    </message>
    <message>
        <source>구매자 이름</source>
        <translation>Buyer name</translation>
    </message>
    <message>
        <source>전화번호</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>이메일</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>카드번호</source>
        <translation>Card number</translation>
    </message>
    <message>
        <source>유효기간 (MM/YY)</source>
        <translation>Expiry (MM/YY)</translation>
    </message>
    <message>
        <source>비밀번호 앞 2자리</source>
        <translation>First 2 PIN digits</translation>
    </message>
    <message>
        <source>주문</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>구매자</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>카드 (고객이 불러 주는 대로)</source>
        <translation>Card (as the customer reads it out)</translation>
    </message>
    <message>
        <source>예: 12,000</source>
        <translation>e.g. 12,000</translation>
    </message>
    <message>
        <source>예: 꽃다발 배송</source>
        <translation>e.g. flower delivery</translation>
    </message>
    <message>
        <source>예: 홍길동</source>
        <translation>e.g. Hong Gildong</translation>
    </message>
    <message>
        <source>예: 010-1234-5678</source>
        <translation>e.g. 010-1234-5678</translation>
    </message>
    <message>
        <source>선택</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>숫자만 (- 자동)</source>
        <translation>digits only (- added)</translation>
    </message>
    <message>
        <source>예: 03/29</source>
        <translation>e.g. 03/29</translation>
    </message>
    <message>
        <source>법인카드 (사업자번호로 인증)</source>
        <translation>Corporate card (business number)</translation>
    </message>
    <message>
        <source>이 카드 저장 (고객 동의 필요)</source>
        <translation>Save this card (customer consent needed)</translation>
    </message>
    <message>
        <source>승인</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>카드 정보 지우기</source>
        <translation>Clear card details</translation>
    </message>
    <message>
        <source>일시불</source>
        <translation>Single payment</translation>
    </message>
    <message>
        <source>{months}개월</source>
        <translation>{months} months</translation>
    </message>
    <message>
        <source>실물</source>
        <translation>Physical</translation>
    </message>
    <message>
        <source>디지털</source>
        <translation>Digital</translation>
    </message>
    <message>
        <source> (필수)</source>
        <translation> (required)</translation>
    </message>
    <message>
        <source>사업자등록번호</source>
        <translation>Business registration no.</translation>
    </message>
    <message>
        <source>생년월일 (YYMMDD)</source>
        <translation>Birth date (YYMMDD)</translation>
    </message>
    <message>
        <source>예: 123-45-67890</source>
        <translation>e.g. 123-45-67890</translation>
    </message>
    <message>
        <source>예: 900101</source>
        <translation>e.g. 900101</translation>
    </message>
    <message>
        <source>카드 저장에 필요</source>
        <translation>needed to save the card</translation>
    </message>
    <message>
        <source>입력 안 함 (키인은 선택)</source>
        <translation>not entered (optional for key-in)</translation>
    </message>
    <message>
        <source>{count}/{full}자리</source>
        <translation>{count}/{full} digits</translation>
    </message>
    <message>
        <source>입력됨 ✓</source>
        <translation>entered ✓</translation>
    </message>
    <message>
        <source>금액이 {min} 미만이 되어 {quota} 할부를 일시불로 바꿨습니다.</source>
        <translation>The amount fell below {min}: instalments ({quota}) went back to a lump sum.</translation>
    </message>
    <message>
        <source>{min}부터 할부 가능</source>
        <translation>Instalments from {min}</translation>
    </message>
</context>
<context>
    <name>KeyInTab</name>
    <message>
        <source>고객은 카드 정보를 PortOne(KSNET)에 저장하고 다음 주문부터 이 카드로 결제하는 데 동의했습니다.</source>
        <translation>The customer agreed that the card details are stored with PortOne (KSNET) and that later orders are charged to this card.</translation>
    </message>
    <message>
        <source>오프라인: 결제할 수 없습니다. {reason}</source>
        <translation>Offline: cannot charge. {reason}</translation>
    </message>
    <message>
        <source>미확정 거래를 확인하는 중입니다. 끝나면 승인할 수 있습니다.</source>
        <translation>Checking unfinished transactions. Approving is possible when this is done.</translation>
    </message>
    <message>
        <source>이전 결제의 결과를 확인하는 중입니다.</source>
        <translation>Checking the result of the previous payment.</translation>
    </message>
    <message>
        <source>같은 주문번호로 확인 후 다시 보내는 중… 창을 닫지 마세요.</source>
        <translation>Checking, then resending with the same order number… Do not close the window.</translation>
    </message>
    <message>
        <source>중복 결제 주의</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>그래도 결제</source>
        <translation>Charge anyway</translation>
    </message>
    <message>
        <source>결제하지 않음</source>
        <translation>Do not charge</translation>
    </message>
    <message>
        <source>결제 내용 확인</source>
        <translation>Confirm the payment</translation>
    </message>
    <message>
        <source>고객에게 아래 내용을 읽어 드리고 확인을 받으세요.</source>
        <translation>Read the following to the customer and get their confirmation.</translation>
    </message>
    <message>
        <source>승인 요청</source>
        <translation>Request approval</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>카드사 미확인</source>
        <translation>card company unknown</translation>
    </message>
    <message>
        <source>카드: {company} {masked}</source>
        <translation>Card: {company} {masked}</translation>
    </message>
    <message>
        <source>입력함</source>
        <translation>entered</translation>
    </message>
    <message>
        <source>입력 안 함 (키인 결제에는 없어도 됩니다)</source>
        <translation>not entered (not needed for a key-in charge)</translation>
    </message>
    <message>
        <source>사업자번호</source>
        <translation>Business no.</translation>
    </message>
    <message>
        <source>생년월일</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>금액: {amount}</source>
        <translation>Amount: {amount}</translation>
    </message>
    <message>
        <source>면세 금액: {amount}</source>
        <translation>Tax-free: {amount}</translation>
    </message>
    <message>
        <source>할부: {quota}</source>
        <translation>Instalments: {quota}</translation>
    </message>
    <message>
        <source>구매자: {name}</source>
        <translation>Buyer: {name}</translation>
    </message>
    <message>
        <source>주문명: {name}</source>
        <translation>Order: {name}</translation>
    </message>
    <message>
        <source>{label}: {state}</source>
        <translation>{label}: {state}</translation>
    </message>
    <message>
        <source>비밀번호 앞 2자리: {state}</source>
        <translation>First 2 PIN digits: {state}</translation>
    </message>
    <message>
        <source>카드 저장 동의: {text}</source>
        <translation>Consent to save the card: {text}</translation>
    </message>
    <message>
        <source>오늘 {time}</source>
        <translation>today {time}</translation>
    </message>
    <message>
        <source>같은 카드({card})로 같은 금액 {amount}의 결제가 최근에 있었습니다. 그래도 다시 결제할까요?</source>
        <translation>The same card ({card}) was charged the same amount, {amount}, recently. Charge it again anyway?</translation>
    </message>
    <message>
        <source>이전 결제: {when} · {outcome}</source>
        <translation>Earlier payment: {when} · {outcome}</translation>
    </message>
    <message>
        <source>승인번호 {number}</source>
        <translation>approval no. {number}</translation>
    </message>
    <message>
        <source>외 {count}건</source>
        <translation>and {count} more</translation>
    </message>
    <message>
        <source>카드를 저장하지 못해 결제하지 않았습니다.</source>
        <translation>The card could not be saved, so nothing was charged.</translation>
    </message>
    <message>
        <source>결제 결과를 거래 기록에 쓰지 못했습니다. 다음 시작 때 다시 확인합니다.</source>
        <translation>The payment result could not be written to the journal. It will be checked again at the next start.</translation>
    </message>
    <message>
        <source>확인 중인 결제</source>
        <translation>Payment being checked</translation>
    </message>
    <message>
        <source>이 결제({uid})는 아직 결과를 모릅니다. 새 결제를 하기 전에 거래내역에서 결과를 꼭 확인하세요. 기다리지 않고 넘어갈까요?</source>
        <translation>The result of this payment ({uid}) is not known yet. Check it in the history before charging again. Stop waiting?</translation>
    </message>
    <message>
        <source>보내지 않았습니다: 빨간 칸 {count}곳을 확인하세요.</source>
        <translation>Not sent: check the {count} fields marked red.</translation>
    </message>
    <message>
        <source>최근 같은 결제가 있는지 확인하는 중…</source>
        <translation>Checking for a recent identical payment…</translation>
    </message>
    <message>
        <source>결제하지 않았습니다 (중복 결제 확인에서 멈춤).</source>
        <translation>Not charged (stopped at the duplicate warning).</translation>
    </message>
    <message>
        <source>고객에게 읽어 드리는 중입니다. 아직 보내지 않았습니다.</source>
        <translation>Reading back to the customer. Nothing sent yet.</translation>
    </message>
    <message>
        <source>결제하지 않았습니다 (확인 단계에서 돌아옴).</source>
        <translation>Not charged (went back at the read-back).</translation>
    </message>
    <message>
        <source>금액: {amount} · {quota}</source>
        <translation>Amount: {amount} · {quota}</translation>
    </message>
    <message>
        <source>카드: {masked} · 창을 닫지 마세요.</source>
        <translation>Card: {masked} · Do not close the window.</translation>
    </message>
    <message>
        <source>보내지 않았습니다: {reason}</source>
        <translation>Not sent: {reason}</translation>
    </message>
    <message>
        <source>결과를 모르는 결제({uid})를 두고 새 주문을 받습니다. 거래내역에서 결과를 확인하세요. 프로그램을 다시 시작하면 PortOne에 다시 확인합니다.</source>
        <translation>Taking a new order while the result of payment {uid} is unknown. Check it in History; when the program starts again it asks PortOne again.</translation>
    </message>
    <message>
        <source>결제 취소</source>
        <translation>Cancel payment</translation>
    </message>
    <message>
        <source>금액이 다르게 승인된 결제({uid})를 전액 취소할까요?</source>
        <translation>Cancel the whole payment {uid}, which was approved with a different amount?</translation>
    </message>
    <message>
        <source>전액 취소</source>
        <translation>Cancel in full</translation>
    </message>
    <message>
        <source>취소하지 않음</source>
        <translation>Do not cancel</translation>
    </message>
    <message>
        <source>승인 금액 불일치</source>
        <translation>Approved amount differs</translation>
    </message>
    <message>
        <source>금액이 다르게 승인된 결제({uid}) 전액 취소</source>
        <translation>Full cancel of the payment approved for a different amount ({uid})</translation>
    </message>
    <message>
        <source>결제를 취소했습니다.</source>
        <translation>The payment was cancelled.</translation>
    </message>
    <message>
        <source>취소 결과를 아직 모릅니다. 다시 취소하지 말고 영수증 화면에서 결과를 확인하세요.</source>
        <translation>The refund&apos;s result is not known yet. Do not cancel again; check the result on the Receipt screen.</translation>
    </message>
    <message>
        <source>취소하지 못했습니다: {message}</source>
        <translation>Could not cancel: {message}</translation>
    </message>
</context>
<context>
    <name>LiveBar</name>
    <message>
        <source>{provider} · 상점아이디(MID) {mid}</source>
        <translation>{provider} · MID {mid}</translation>
    </message>
    <message>
        <source>테스트 채널 — 실제 돈이 움직이지 않습니다 · {where}</source>
        <translation>TEST CHANNEL — no real money moves · {where}</translation>
    </message>
    <message>
        <source>PortOne 채널 목록에 이 채널이 없습니다 — 설정에서 연결 테스트를 하세요 · {where}</source>
        <translation>PortOne no longer lists this channel — run the connection test in Settings · {where}</translation>
    </message>
    <message>
        <source>실제 결제 · {where}</source>
        <translation>Real payments · {where}</translation>
    </message>
</context>
<context>
    <name>LiveMode</name>
    <message>
        <source>설정을 적용하는 중입니다. 끝날 때까지 기다리세요.</source>
        <translation>Settings are being applied. Wait until this has finished.</translation>
    </message>
    <message>
        <source>결제·취소 요청이 진행 중입니다. 결과가 나온 뒤에 다시 저장하세요.</source>
        <translation>A payment or refund request is in progress. Save again once its result is in.</translation>
    </message>
    <message>
        <source>미확정 거래를 PortOne과 맞춰 보는 중입니다. 끝난 뒤에 다시 저장하세요.</source>
        <translation>Open transactions are being checked with PortOne. Save again when that has finished.</translation>
    </message>
    <message>
        <source>이 설정은 프로그램을 다시 시작하면 적용됩니다.</source>
        <translation>These settings take effect when the program is restarted.</translation>
    </message>
    <message>
        <source>새 설정을 적용하는 중…</source>
        <translation>Applying the new settings…</translation>
    </message>
    <message>
        <source>적용했습니다. 샌드박스(테스트 서버)로 동작합니다.</source>
        <translation>Applied. Running on the sandbox (test server).</translation>
    </message>
    <message>
        <source>적용했습니다. 지금은 오프라인입니다: 화면 위 빨간 막대를 보세요.</source>
        <translation>Applied. Offline for now: see the red bar at the top.</translation>
    </message>
    <message>
        <source>적용했습니다. {pg}로 연결합니다.</source>
        <translation>Applied. Connected with {pg}.</translation>
    </message>
    <message>
        <source>저장했지만 적용하지 못했습니다 ({reason}). 지금까지의 설정으로 계속하며, 다시 시작하면 새 설정을 씁니다.</source>
        <translation>Saved but not applied ({reason}). The counter goes on with the previous settings; the new ones are used after a restart.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>시작하지 못했습니다: {reason}</source>
        <translation>Could not start: {reason}</translation>
    </message>
    <message>
        <source>오프라인: 미확정 거래는 연결 후 확인합니다.</source>
        <translation>Offline: unfinished transactions are checked once connected.</translation>
    </message>
    <message>
        <source>미확정 거래를 PortOne과 맞춰 보는 중…</source>
        <translation>Checking unfinished transactions with PortOne…</translation>
    </message>
    <message>
        <source>시작 확인 끝: {count}건 확정</source>
        <translation>Start-up check done: {count} settled</translation>
    </message>
    <message>
        <source>미확정 거래 확인 실패: {reason}</source>
        <translation>Checking unfinished transactions failed: {reason}</translation>
    </message>
    <message>
        <source>미확정 거래 확인을 건너뛰었습니다 (뒤에서 계속 확인 중).</source>
        <translation>Skipped waiting for the check (it continues in the background).</translation>
    </message>
    <message>
        <source>거래 기록 검사 통과</source>
        <translation>Journal check passed</translation>
    </message>
    <message>
        <source>거래 기록 검사 중</source>
        <translation>Journal check running</translation>
    </message>
    <message>
        <source>미확정 확인 중…</source>
        <translation>Checking open operations…</translation>
    </message>
    <message>
        <source>● 온라인</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>● 오프라인</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <source>거래 기록 정상</source>
        <translation>Journal OK</translation>
    </message>
    <message>
        <source>거래 기록 쓰기 불가</source>
        <translation>Journal cannot be written</translation>
    </message>
    <message>
        <source>PortOne 토큰 {time}까지</source>
        <translation>PortOne token valid until {time}</translation>
    </message>
    <message>
        <source>거래 기록 검사에서 문제를 찾았습니다. 결제를 멈추고 관리자에게 연락하세요.</source>
        <translation>The journal check found a problem. Stop taking payments and contact your administrator.</translation>
    </message>
    <message>
        <source>카드 키인 결제</source>
        <translation>Card key-in payments</translation>
    </message>
    <message>
        <source>시작 중…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>SANDBOX — 실제 결제 아님 (테스트 서버)</source>
        <translation>SANDBOX — no real payments (test server)</translation>
    </message>
    <message>
        <source>키인 결제</source>
        <translation>Key-in</translation>
    </message>
    <message>
        <source>단골 고객</source>
        <translation>Regulars</translation>
    </message>
    <message>
        <source>영수증</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>거래내역</source>
        <translation>History</translation>
    </message>
    <message>
        <source>정기결제</source>
        <translation>Recurring</translation>
    </message>
    <message>
        <source>설정</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>서버: SANDBOX</source>
        <translation>Server: SANDBOX</translation>
    </message>
    <message>
        <source>서버: PortOne</source>
        <translation>Server: PortOne</translation>
    </message>
    <message>
        <source>건너뛰기</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>연결 확인 중…</source>
        <translation>Checking connection…</translation>
    </message>
    <message>
        <source>승인 요청이 진행 중입니다. 결과가 나온 뒤에 닫으세요.</source>
        <translation>An approval request is in progress. Close the window once the result is in.</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>오프라인 — 결제·취소·현금영수증을 할 수 없습니다. {reason}</source>
        <translation>OFFLINE — no payments, refunds or cash receipts. {reason}</translation>
    </message>
    <message>
        <source>거래내역·재출력·내보내기는 됩니다.</source>
        <translation>History, reprints and exports still work.</translation>
    </message>
</context>
<context>
    <name>OperationsDialog</name>
    <message>
        <source>결제</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>환불</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>카드 등록</source>
        <translation>Card registration</translation>
    </message>
    <message>
        <source>카드 삭제</source>
        <translation>Card deletion</translation>
    </message>
    <message>
        <source>현금영수증 발급</source>
        <translation>Cash receipt</translation>
    </message>
    <message>
        <source>현금영수증 취소</source>
        <translation>Cash receipt cancel</translation>
    </message>
    <message>
        <source>정기결제 예약</source>
        <translation>Recurring: schedule</translation>
    </message>
    <message>
        <source>정기결제 날짜 변경</source>
        <translation>Recurring: move date</translation>
    </message>
    <message>
        <source>정기결제 예약 취소</source>
        <translation>Recurring: revoke</translation>
    </message>
    <message>
        <source>정기결제 다시 예약</source>
        <translation>Recurring: schedule again</translation>
    </message>
    <message>
        <source>정기결제 다시 결제</source>
        <translation>Recurring: charge again</translation>
    </message>
    <message>
        <source>{s}초</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <source>{m}분 {s}초</source>
        <translation>{m} min {s} s</translation>
    </message>
    <message>
        <source>{h}시간 {m}분</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>미확정 거래</source>
        <translation>Open operations</translation>
    </message>
    <message>
        <source>종류</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>고객·카드</source>
        <translation>Customer · card</translation>
    </message>
    <message>
        <source>경과</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>지금 하는 일</source>
        <translation>What the app is doing</translation>
    </message>
    <message>
        <source>PortOne의 마지막 답</source>
        <translation>PortOne&apos;s last answer</translation>
    </message>
    <message>
        <source>이번에 알린 것</source>
        <translation>Announced this session</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>PortOne의 기록으로 결과를 확인하는 중인 거래 {count}건입니다. 프로그램이 계속 확인합니다. &apos;지금 확인&apos;을 누르면 바로 다시 확인합니다.</source>
        <translation>{count} operation(s) whose result is being checked against PortOne&apos;s record. The program keeps checking; &apos;Check now&apos; looks again at once.</translation>
    </message>
    <message>
        <source>확인 중인 거래가 없습니다.</source>
        <translation>No operation is being checked.</translation>
    </message>
    <message>
        <source>지금 확인</source>
        <translation>Check now</translation>
    </message>
    <message>
        <source>PortOne에 지금 확인하는 중…</source>
        <translation>Checking with PortOne now…</translation>
    </message>
    <message>
        <source>확인이 끝났습니다. 결과는 위의 알림과 거래내역에 있습니다.</source>
        <translation>The check is done. The result is in the announcement above and in History.</translation>
    </message>
    <message>
        <source>아직 확정되지 않았습니다: {doing}</source>
        <translation>Not final yet: {doing}</translation>
    </message>
</context>
<context>
    <name>OrderForm</name>
    <message>
        <source>부가세 {vat}</source>
        <translation>VAT {vat}</translation>
    </message>
    <message>
        <source>입력이 없어 카드 정보를 지웠습니다. 카드를 다시 입력하세요.</source>
        <translation>Card details were cleared after no typing. Enter the card again.</translation>
    </message>
</context>
<context>
    <name>PaymentActions</name>
    <message>
        <source>{label} 고객의 {day} 정기결제 {amount}을(를) 지금 다시 결제합니다.
지난번 실패 사유: {reason}
고객에게 확인을 받으셨나요?</source>
        <translation>Charging {label}&apos;s recurring payment of {day}, {amount}, again now.
Last failure: {reason}
Has the customer agreed?</translation>
    </message>
    <message>
        <source>지금 다시 결제</source>
        <translation>Charge again now</translation>
    </message>
    <message>
        <source>결제 요청</source>
        <translation>Request payment</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>{label} · {amount} 다시 결제 중… 창을 닫지 마세요.</source>
        <translation>{label} · {amount} being charged again… Do not close the window.</translation>
    </message>
    <message>
        <source>{label} · {amount} 승인 · 승인번호 {apply_num}</source>
        <translation>{label} · {amount} approved · approval no. {apply_num}</translation>
    </message>
    <message>
        <source>{label} 다시 결제의 결과를 아직 모릅니다. 결제되었을 수 있으니 다시 결제하지 마세요. 프로그램이 PortOne에 계속 확인합니다.</source>
        <translation>The result of charging {label} again is not known yet. It may have been charged: do not charge again. The program keeps checking with PortOne.</translation>
    </message>
    <message>
        <source>{label} · 결제 안 됨: {reason}</source>
        <translation>{label} · not charged: {reason}</translation>
    </message>
    <message>
        <source>날짜 바꾸기</source>
        <translation>Change date</translation>
    </message>
    <message>
        <source>다시 예약</source>
        <translation>Schedule again</translation>
    </message>
    <message>
        <source>{label} · {amount} ({day} 회차)을(를) 결제할 날을 고르세요.</source>
        <translation>Choose the day to charge {label} · {amount} (payment of {day}).</translation>
    </message>
    <message>
        <source>{label} · {amount} {when}에 결제하도록 예약했습니다.</source>
        <translation>{label} · {amount} is scheduled for {when}.</translation>
    </message>
    <message>
        <source>{label} · {amount} ({day}) 예약을 취소할까요? 이 회차는 결제되지 않습니다.</source>
        <translation>Revoke {label} · {amount} ({day})? This payment will not be charged.</translation>
    </message>
    <message>
        <source>예약 취소</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>예약을 취소했습니다.</source>
        <translation>Revoked.</translation>
    </message>
    <message>
        <source>PortOne의 답을 아직 모릅니다. 프로그램이 계속 확인하고, 결과를 알려 드립니다.</source>
        <translation>PortOne&apos;s answer is not known yet. The program keeps checking and will tell you the result.</translation>
    </message>
    <message>
        <source>되지 않았습니다: {reason}</source>
        <translation>Not done: {reason}</translation>
    </message>
    <message>
        <source>{label} 정기결제를 일시중지할까요?
예약된 결제를 PortOne에서 취소하고, 다시 시작할 때까지 결제하지 않습니다.</source>
        <translation>Pause {label}?
The scheduled payments are revoked at PortOne and nothing is charged until you resume.</translation>
    </message>
    <message>
        <source>정기결제 일시중지</source>
        <translation>Pause recurring payment</translation>
    </message>
    <message>
        <source>계산대에서 일시중지</source>
        <translation>Paused at the counter</translation>
    </message>
    <message>
        <source>{label} 정기결제를 해지할까요?
예약된 결제를 모두 PortOne에서 취소합니다. 되돌릴 수 없습니다.</source>
        <translation>End {label}?
Every scheduled payment is revoked at PortOne. This cannot be undone.</translation>
    </message>
    <message>
        <source>정기결제 해지</source>
        <translation>End recurring payment</translation>
    </message>
    <message>
        <source>계산대에서 해지</source>
        <translation>Ended at the counter</translation>
    </message>
    <message>
        <source>예약 {count}건의 결과를 아직 모릅니다. 프로그램이 계속 확인합니다.</source>
        <translation>The result of {count} schedule calls is not known yet. The program keeps checking.</translation>
    </message>
    <message>
        <source>예약 {count}건이 되지 않았습니다: {reason}</source>
        <translation>{count} schedule calls were not done: {reason}</translation>
    </message>
    <message>
        <source>{label}: {state}</source>
        <translation>{label}: {state}</translation>
    </message>
</context>
<context>
    <name>People</name>
    <message>
        <source>키인 결제</source>
        <translation>Key-in charge</translation>
    </message>
    <message>
        <source>등록 카드 결제</source>
        <translation>Saved card charge</translation>
    </message>
    <message>
        <source>환불</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>다른 곳에서 한 환불</source>
        <translation>Refunds made elsewhere</translation>
    </message>
    <message>
        <source>카드 등록</source>
        <translation>Card registration</translation>
    </message>
    <message>
        <source>카드 삭제</source>
        <translation>Card deletion</translation>
    </message>
    <message>
        <source>현금영수증 발행</source>
        <translation>Cash receipt issue</translation>
    </message>
    <message>
        <source>현금영수증 취소</source>
        <translation>Cash receipt cancel</translation>
    </message>
    <message>
        <source>로그인</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>로그아웃</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>PIN 틀림</source>
        <translation>Wrong PIN</translation>
    </message>
    <message>
        <source>잠김</source>
        <translation>Locked out</translation>
    </message>
    <message>
        <source>현장 승인</source>
        <translation>On-the-spot approval</translation>
    </message>
    <message>
        <source>사람 추가</source>
        <translation>Person added</translation>
    </message>
    <message>
        <source>사람 정보 변경</source>
        <translation>Person changed</translation>
    </message>
    <message>
        <source>PIN 변경</source>
        <translation>PIN changed</translation>
    </message>
    <message>
        <source>권한 표 변경</source>
        <translation>Role table changed</translation>
    </message>
    <message>
        <source>설정 변경</source>
        <translation>Settings changed</translation>
    </message>
    <message>
        <source>Z 리포트</source>
        <translation>Z report</translation>
    </message>
    <message>
        <source>직접</source>
        <translation>by themselves</translation>
    </message>
    <message>
        <source>자리 비움(자동)</source>
        <translation>away (automatic)</translation>
    </message>
    <message>
        <source>다른 사람으로 바꿈</source>
        <translation>switched to another person</translation>
    </message>
    <message>
        <source>역할: {role}</source>
        <translation>Role: {role}</translation>
    </message>
    <message>
        <source>역할: {was} → {role}</source>
        <translation>Role: {was} → {role}</translation>
    </message>
    <message>
        <source>이름: {was} → {name}</source>
        <translation>Name: {was} → {name}</translation>
    </message>
    <message>
        <source>다시 사용</source>
        <translation>Reactivated</translation>
    </message>
    <message>
        <source>사용 중지</source>
        <translation>Deactivated</translation>
    </message>
    <message>
        <source>본인이 바꿈</source>
        <translation>changed by themselves</translation>
    </message>
    <message>
        <source>사장이 새로 정함</source>
        <translation>set anew by the owner</translation>
    </message>
    <message>
        <source>로그인 ({count}/5번째)</source>
        <translation>Sign-in (wrong {count} of 5)</translation>
    </message>
    <message>
        <source>{action} 승인 ({count}/5번째)</source>
        <translation>Approval of {action} (wrong {count} of 5)</translation>
    </message>
    <message>
        <source>PIN 변경 ({count}/5번째)</source>
        <translation>PIN change (wrong {count} of 5)</translation>
    </message>
    <message>
        <source>{until}까지</source>
        <translation>until {until}</translation>
    </message>
    <message>
        <source>{action} ({subject})</source>
        <translation>{action} ({subject})</translation>
    </message>
    <message>
        <source>자동 로그아웃 {minutes}분</source>
        <translation>Automatic sign-out after {minutes} min</translation>
    </message>
    <message>
        <source>기본 권한 표</source>
        <translation>Default role table</translation>
    </message>
    <message>
        <source>점원</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>관리자</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>사장</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>등록 카드 재결제</source>
        <translation>Charge a saved card again</translation>
    </message>
    <message>
        <source>환불(결제 취소)</source>
        <translation>Refund (payment cancel)</translation>
    </message>
    <message>
        <source>등록 카드 삭제</source>
        <translation>Delete a saved card</translation>
    </message>
    <message>
        <source>일 마감(Z 리포트)</source>
        <translation>Day close (Z report)</translation>
    </message>
    <message>
        <source>API 키 변경</source>
        <translation>API key change</translation>
    </message>
    <message>
        <source>사람·권한 관리</source>
        <translation>People and roles</translation>
    </message>
    <message>
        <source>감사 기록 보기</source>
        <translation>Read the audit log</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PeopleGate</name>
    <message>
        <source>로그인 안 됨</source>
        <translation>Nobody signed in</translation>
    </message>
    <message>
        <source>{name} · {role}</source>
        <translation>{name} · {role}</translation>
    </message>
    <message>
        <source>설정은 사장이 로그인해서 바꿉니다.</source>
        <translation>Settings are changed by the owner, signed in.</translation>
    </message>
    <message>
        <source>다른 사람으로 바꾸기 ({key})</source>
        <translation>Switch to another person ({key})</translation>
    </message>
    <message>
        <source>로그아웃</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>내 PIN 바꾸기…</source>
        <translation>Change my PIN…</translation>
    </message>
    <message>
        <source>PIN을 바꿨습니다.</source>
        <translation>The PIN was changed.</translation>
    </message>
    <message>
        <source>설정 변경을 기록하지 못했습니다: {reason}</source>
        <translation>The settings change could not be recorded: {reason}</translation>
    </message>
</context>
<context>
    <name>PeopleSection</name>
    <message>
        <source>사람과 권한</source>
        <translation>People and roles</translation>
    </message>
    <message>
        <source>이름</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>역할</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>상태</source>
        <translation>State</translation>
    </message>
    <message>
        <source>사람 추가…</source>
        <translation>Add a person…</translation>
    </message>
    <message>
        <source>이름·역할…</source>
        <translation>Name and role…</translation>
    </message>
    <message>
        <source>새 PIN…</source>
        <translation>New PIN…</translation>
    </message>
    <message>
        <source>권한 표…</source>
        <translation>Role table…</translation>
    </message>
    <message>
        <source>감사 기록…</source>
        <translation>Audit log…</translation>
    </message>
    <message>
        <source>아직 사람이 없습니다: 누구나 모든 것을 할 수 있습니다. 사장을 먼저 추가하면 그때부터 이름과 PIN으로 로그인합니다.</source>
        <translation>No people yet: anyone can do everything. Add the owner first; from then on everyone signs in with a name and PIN.</translation>
    </message>
    <message>
        <source>{minutes}분 동안 입력이 없으면 로그아웃합니다. 무엇을 누가 할 수 있는지는 권한 표에서 정합니다.</source>
        <translation>After {minutes} minutes without input the counter signs out. Who may do what is set in the role table.</translation>
    </message>
    <message>
        <source>사용 중지</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>{until}까지 잠김</source>
        <translation>Locked until {until}</translation>
    </message>
    <message>
        <source>사용 중</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>다시 사용</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>{name}님을 추가했습니다.</source>
        <translation>{name} was added.</translation>
    </message>
    <message>
        <source>바꿨습니다.</source>
        <translation>Changed.</translation>
    </message>
    <message>
        <source>새 PIN을 정했습니다.</source>
        <translation>The new PIN was set.</translation>
    </message>
    <message>
        <source>{name}님이 더 이상 로그인하지 못하게 할까요? 기록은 그대로 남습니다.</source>
        <translation>Stop {name} from signing in? Their records stay.</translation>
    </message>
    <message>
        <source>권한 표를 저장했습니다.</source>
        <translation>The role table was saved.</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>사람 정보 바꾸기</source>
        <translation>Change a person</translation>
    </message>
    <message>
        <source>사람 추가</source>
        <translation>Person added</translation>
    </message>
    <message>
        <source>이름</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>역할</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>PIN (숫자 4–8자리)</source>
        <translation>PIN (4–8 digits)</translation>
    </message>
    <message>
        <source>PIN 한 번 더</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <source>저장</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>추가</source>
        <translation>Add</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>{name}님의 PIN 바꾸기</source>
        <translation>Change the PIN of {name}</translation>
    </message>
    <message>
        <source>지금 PIN</source>
        <translation>Current PIN</translation>
    </message>
    <message>
        <source>새 PIN (숫자 4–8자리)</source>
        <translation>New PIN (4–8 digits)</translation>
    </message>
    <message>
        <source>새 PIN 한 번 더</source>
        <translation>New PIN again</translation>
    </message>
    <message>
        <source>새 PIN을 정하면 PIN을 여러 번 틀려 잠긴 것도 풀립니다.</source>
        <translation>Setting a new PIN also ends a lockout after wrong PINs.</translation>
    </message>
    <message>
        <source>PIN 바꾸기</source>
        <translation>Change PIN</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>새 정기결제</source>
        <translation>New recurring payment</translation>
    </message>
    <message>
        <source>{name} · {tel} · {card} {number}</source>
        <translation>{name} · {tel} · {card} {number}</translation>
    </message>
    <message>
        <source>예: 30,000</source>
        <translation>e.g. 30,000</translation>
    </message>
    <message>
        <source>예: 꽃 정기배송</source>
        <translation>e.g. Monthly flowers</translation>
    </message>
    <message>
        <source>매월</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <source>몇 주마다</source>
        <translation>Every few weeks</translation>
    </message>
    <message>
        <source>날짜 지정</source>
        <translation>Chosen dates</translation>
    </message>
    <message>
        <source>일</source>
        <translation> (day)</translation>
    </message>
    <message>
        <source>주마다</source>
        <translation> week(s)</translation>
    </message>
    <message>
        <source>예: 2026-12-24, 2027-01-15</source>
        <translation>e.g. 2026-12-24, 2027-01-15</translation>
    </message>
    <message>
        <source>날짜 추가</source>
        <translation>Add date</translation>
    </message>
    <message>
        <source>해지할 때까지</source>
        <translation>Until cancelled</translation>
    </message>
    <message>
        <source>종료일까지</source>
        <translation>Until an end date</translation>
    </message>
    <message>
        <source>횟수만큼</source>
        <translation>A number of times</translation>
    </message>
    <message>
        <source>회</source>
        <translation> times</translation>
    </message>
    <message>
        <source>PortOne이 정해진 시각에 결제합니다. 프로그램은 다음 3회분을 미리 예약해 두므로 이 PC가 꺼져 있어도 결제됩니다. 켜질 때마다 결과를 확인하고 다음 회차를 예약합니다.</source>
        <translation>PortOne charges at the set time. The program keeps the next 3 payments scheduled there, so they are charged even while this PC is off. Whenever it runs it checks the results and schedules the next ones.</translation>
    </message>
    <message>
        <source>고객</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>면세 금액</source>
        <translation>Tax-free amount</translation>
    </message>
    <message>
        <source>주문명</source>
        <translation>Order name</translation>
    </message>
    <message>
        <source>상품 구분</source>
        <translation>Product type</translation>
    </message>
    <message>
        <source>할부</source>
        <translation>Instalments</translation>
    </message>
    <message>
        <source>반복</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>결제일</source>
        <translation>Payment day</translation>
    </message>
    <message>
        <source>간격</source>
        <translation>Interval</translation>
    </message>
    <message>
        <source>날짜</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>시작일</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>끝</source>
        <translation>End</translation>
    </message>
    <message>
        <source>결제 시각</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>정기결제 만들기</source>
        <translation>Create plan</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>30일·31일이 없는 달은 그 달의 마지막 날에 결제합니다.</source>
        <translation>In a month without that day it is charged on the month&apos;s last day.</translation>
    </message>
    <message>
        <source> …</source>
        <translation> …</translation>
    </message>
    <message>
        <source>모두 {count}회</source>
        <translation>{count} in all</translation>
    </message>
    <message>
        <source>결제할 날: {days}{more} · {count}</source>
        <translation>Payment days: {days}{more} · {count}</translation>
    </message>
    <message>
        <source>{name} 고객의 {card} {number} 카드로
{rule}
{amount} {quota} 결제합니다 ({time}).
첫 결제: {days}
고객에게 읽어 드리고 동의를 받으셨나요?</source>
        <translation>{name}&apos;s {card} {number} card will be charged
{rule}
{amount} {quota} ({time}).
First payments: {days}
Did you read it back to the customer and get their agreement?</translation>
    </message>
    <message>
        <source>정기결제 확인</source>
        <translation>Confirm recurring payment</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
</context>
<context>
    <name>ReceiptPanel</name>
    <message>
        <source>거래를 선택하세요 (거래내역 또는 결제 결과)</source>
        <translation>Select a transaction (history or payment result)</translation>
    </message>
    <message>
        <source>새 현금영수증 발행…</source>
        <translation>Issue a new cash receipt…</translation>
    </message>
    <message>
        <source>이 거래에 다시 발행…</source>
        <translation>Issue again for this sale…</translation>
    </message>
    <message>
        <source>현금영수증 취소</source>
        <translation>Cancel cash receipt</translation>
    </message>
    <message>
        <source>불러오는 중…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>PortOne에 지금 확인</source>
        <translation>Check at PortOne now</translation>
    </message>
    <message>
        <source>결제 취소 (환불)…</source>
        <translation>Cancel payment (refund)…</translation>
    </message>
    <message>
        <source>확인 · 취소 · 현금영수증</source>
        <translation>Check · cancel · cash receipt</translation>
    </message>
    <message>
        <source>주문번호 {uid}의 거래를 찾을 수 없습니다.</source>
        <translation>No transaction with order number {uid}.</translation>
    </message>
    <message>
        <source>카드 결제 · {status} · 남은 금액 {remaining}</source>
        <translation>Card payment · {status} · remaining {remaining}</translation>
    </message>
    <message>
        <source>카드 결제 · {status}</source>
        <translation>Card payment · {status}</translation>
    </message>
    <message>
        <source>요청과 다른 금액이 승인되었습니다. 결제 취소로 돌려주세요.</source>
        <translation>A different amount than requested was approved. Refund it with Cancel payment.</translation>
    </message>
    <message>
        <source>결과를 아직 모릅니다. 결제되었을 수 있으니 같은 카드로 다시 결제하지 마세요. &apos;PortOne에 지금 확인&apos;으로 물어볼 수 있습니다.</source>
        <translation>The result is not known yet. The card may have been charged: do not charge it again. Ask with &apos;Check at PortOne now&apos;.</translation>
    </message>
    <message>
        <source>PortOne에 이 결제의 결과를 묻는 중…</source>
        <translation>Asking PortOne about this payment…</translation>
    </message>
    <message>
        <source>PortOne에서 확인했습니다: {status}</source>
        <translation>Checked at PortOne: {status}</translation>
    </message>
    <message>
        <source>PortOne도 아직 결과를 알려 주지 않습니다 ({time} 확인). 같은 카드로 다시 결제하지 마세요.</source>
        <translation>PortOne cannot tell the result yet (checked {time}). Do not charge the same card again.</translation>
    </message>
    <message>
        <source>환불 요청 중… 창을 닫지 마세요.</source>
        <translation>Requesting the refund… Do not close the window.</translation>
    </message>
    <message>
        <source>환불 {amount} · {uid}</source>
        <translation>Refund {amount} · {uid}</translation>
    </message>
    <message>
        <source>결과를 아직 모릅니다. 다시 요청하지 마세요. 거래내역에서 결과를 확인하세요. 프로그램을 다시 시작하면 PortOne에 다시 확인합니다.</source>
        <translation>The result is not known yet. Do not request it again. Check it in History; when the program starts again it asks PortOne again.</translation>
    </message>
    <message>
        <source>처리되지 않았습니다: {reason}</source>
        <translation>Not done: {reason}</translation>
    </message>
    <message>
        <source>처리했습니다: {status}</source>
        <translation>Done: {status}</translation>
    </message>
    <message>
        <source>현금영수증 · {status}</source>
        <translation>Cash receipt · {status}</translation>
    </message>
    <message>
        <source>발행 취소됨</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>현금영수증 발행 중…</source>
        <translation>Issuing the cash receipt…</translation>
    </message>
    <message>
        <source>현금영수증 {amount}의 발행을 취소할까요?</source>
        <translation>Cancel the cash receipt of {amount}?</translation>
    </message>
    <message>
        <source>현금영수증 취소 중…</source>
        <translation>Cancelling the cash receipt…</translation>
    </message>
</context>
<context>
    <name>Recurring</name>
    <message>
        <source>월요일</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>화요일</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>수요일</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>목요일</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>금요일</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>토요일</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>일요일</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>진행 중</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>일시중지</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>끝남</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>예약 확인 중</source>
        <translation>Confirming schedule</translation>
    </message>
    <message>
        <source>예약됨</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>결제됨</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>실패</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>결제 후 취소됨</source>
        <translation>Paid, then refunded</translation>
    </message>
    <message>
        <source>예약 취소됨</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>예약 못 함</source>
        <translation>Missed</translation>
    </message>
    <message>
        <source>예약 안 됨</source>
        <translation>Not scheduled</translation>
    </message>
    <message>
        <source>예약 거절됨</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>매월 {day}일 (짧은 달은 말일)</source>
        <translation>Monthly on day {day} (short months: last day)</translation>
    </message>
    <message>
        <source>매월 {day}일</source>
        <translation>Monthly on day {day}</translation>
    </message>
    <message>
        <source>매주 {weekday}</source>
        <translation>Every {weekday}</translation>
    </message>
    <message>
        <source>{weeks}주마다 {weekday}</source>
        <translation>Every {weeks} weeks on {weekday}</translation>
    </message>
    <message>
        <source>지정한 날짜 {count}번</source>
        <translation>{count} chosen dates</translation>
    </message>
    <message>
        <source>{day}부터</source>
        <translation>from {day}</translation>
    </message>
    <message>
        <source>{day}까지</source>
        <translation>until {day}</translation>
    </message>
    <message>
        <source>{count}회</source>
        <translation>{count} times</translation>
    </message>
    <message>
        <source>해지할 때까지</source>
        <translation>until cancelled</translation>
    </message>
    <message>
        <source>요청 확인 중</source>
        <translation>request being confirmed</translation>
    </message>
    <message>
        <source>{order} · {amount} · {rule}</source>
        <translation>{order} · {amount} · {rule}</translation>
    </message>
    <message>
        <source>이 카드에 예약된 정기결제가 있으면 먼저 PortOne에서 모두 취소하고 정기결제를 끝냅니다. 카드 삭제는 되돌릴 수 없습니다.</source>
        <translation>Any recurring payments scheduled on this card are revoked at PortOne first and their plans ended. Deleting the card cannot be undone.</translation>
    </message>
    <message>
        <source>이 카드에 예약된 정기결제가 {count}건 있습니다. 삭제하면 먼저 PortOne에서 예약을 모두 취소하고 정기결제를 끝냅니다. 카드 삭제는 되돌릴 수 없습니다.</source>
        <translation>{count} recurring payments are scheduled on this card. Deleting it first revokes them all at PortOne and ends their plans. Deleting the card cannot be undone.</translation>
    </message>
</context>
<context>
    <name>RecurringTab</name>
    <message>
        <source>오늘({today})과 내일의 정기결제 — PortOne이 예약 시각에 결제합니다</source>
        <translation>Recurring payments today ({today}) and tomorrow — PortOne charges them at their time</translation>
    </message>
    <message>
        <source>최근 {days}일 동안 실패한 정기결제</source>
        <translation>Recurring payments that failed in the last {days} days</translation>
    </message>
    <message>
        <source>결제 시각</source>
        <translation>Runs at</translation>
    </message>
    <message>
        <source>고객 · 주문</source>
        <translation>Customer · order</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>회차</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>상태</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>비고</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>PortOne 실패 사유</source>
        <translation>PortOne&apos;s reason</translation>
    </message>
    <message>
        <source>지금 다시 결제</source>
        <translation>Charge again now</translation>
    </message>
    <message>
        <source>다시 예약…</source>
        <translation>Schedule again…</translation>
    </message>
    <message>
        <source>정기결제 일시중지</source>
        <translation>Pause the plan</translation>
    </message>
    <message>
        <source>지금 확인</source>
        <translation>Check now</translation>
    </message>
    <message>
        <source>PortOne의 정기결제 기록을 아직 확인하지 않았습니다.</source>
        <translation>PortOne&apos;s recurring payments have not been checked yet.</translation>
    </message>
    <message>
        <source>마지막 확인 {time}. 몇 분마다, 그리고 예약 시각이 지나면 곧 다시 확인합니다.</source>
        <translation>Last checked {time}. Checked again every few minutes, and soon after a payment&apos;s time has passed.</translation>
    </message>
    <message>
        <source>PortOne을 읽지 못했습니다: {reason}</source>
        <translation>Could not read PortOne: {reason}</translation>
    </message>
    <message>
        <source>{n}회</source>
        <translation>No. {n}</translation>
    </message>
    <message>
        <source>오늘과 내일은 예약된 정기결제가 없습니다.</source>
        <translation>No recurring payments today or tomorrow.</translation>
    </message>
    <message>
        <source>정기결제 일시중지됨</source>
        <translation>plan paused</translation>
    </message>
    <message>
        <source>실패한 정기결제가 없습니다.</source>
        <translation>No failed recurring payments.</translation>
    </message>
</context>
<context>
    <name>RegisterCardDialog</name>
    <message>
        <source>본인은 다음 결제부터 카드 정보를 다시 말하지 않도록 이 카드를 매장의 결제대행사(PortOne, KSNET)에 등록하는 것에 동의합니다. 매장은 카드번호를 보관하지 않으며, 요청하면 언제든 삭제됩니다.</source>
        <translation>I agree that this card is registered with the shop&apos;s payment provider (PortOne, KSNET) so that I need not read out the card details again. The shop does not keep the card number, and the card is deleted on request at any time.</translation>
    </message>
    <message>
        <source>카드 등록 (단골 고객)</source>
        <translation>Register a card (regular customer)</translation>
    </message>
    <message>
        <source>예: 홍길동</source>
        <translation>e.g. Hong Gildong</translation>
    </message>
    <message>
        <source>예: 010-1234-5678</source>
        <translation>e.g. 010-1234-5678</translation>
    </message>
    <message>
        <source>숫자만 (- 자동)</source>
        <translation>digits only (- added)</translation>
    </message>
    <message>
        <source>예: 03/29</source>
        <translation>e.g. 03/29</translation>
    </message>
    <message>
        <source>개인카드 (생년월일)</source>
        <translation>Personal card (birth date)</translation>
    </message>
    <message>
        <source>법인카드 (사업자번호)</source>
        <translation>Corporate card (business no.)</translation>
    </message>
    <message>
        <source>고객이 위 내용에 동의했습니다 (구두 동의 확인)</source>
        <translation>The customer agreed to the above (verbal consent)</translation>
    </message>
    <message>
        <source>고객이 동의하면 Space 키나 마우스로 체크하세요. Enter로는 체크되지 않습니다.</source>
        <translation>When the customer agrees, tick it with the Space key or the mouse. Enter does not tick it.</translation>
    </message>
    <message>
        <source>고객 이름</source>
        <translation>Customer name</translation>
    </message>
    <message>
        <source>전화번호</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>카드번호</source>
        <translation>Card number</translation>
    </message>
    <message>
        <source>유효기간 (MM/YY)</source>
        <translation>Expiry (MM/YY)</translation>
    </message>
    <message>
        <source>비밀번호 앞 2자리 (필수)</source>
        <translation>First 2 PIN digits (required)</translation>
    </message>
    <message>
        <source>사업자번호 10자리 (필수)</source>
        <translation>Business no., 10 digits (required)</translation>
    </message>
    <message>
        <source>예: 123-45-67890</source>
        <translation>e.g. 123-45-67890</translation>
    </message>
    <message>
        <source>생년월일 YYMMDD (필수)</source>
        <translation>Birth date YYMMDD (required)</translation>
    </message>
    <message>
        <source>예: 880101</source>
        <translation>e.g. 880101</translation>
    </message>
    <message>
        <source>고객의 카드 등록 동의를 받고 Space 키로 체크하세요.</source>
        <translation>Get the customer&apos;s consent to register the card, then tick it with the Space key.</translation>
    </message>
    <message>
        <source>카드 등록</source>
        <translation>Register card</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>입력이 없어 카드 정보를 지웠습니다. 다시 입력하세요.</source>
        <translation>Card details were cleared after a pause in typing. Type them again.</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>권한 표</source>
        <translation>Role table</translation>
    </message>
    <message>
        <source>각 작업을 할 수 있는 가장 낮은 역할입니다. 기본보다 엄하게만 바꿀 수 있습니다. 그 역할보다 낮은 사람은 그 자리에서 승인을 받아 할 수 있습니다(설정·키·사람·감사 기록은 사장만).</source>
        <translation>The lowest role that may do each action. It can only be made stricter than the default. Someone below that role can do it with an approval on the spot (settings, keys, people and the audit log: the owner only).</translation>
    </message>
    <message>
        <source>분</source>
        <translation>min</translation>
    </message>
    <message>
        <source>이만큼 아무 입력이 없으면 로그아웃</source>
        <translation>Sign out after this long without input</translation>
    </message>
    <message>
        <source>저장</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>ServiceError</name>
    <message>
        <source>카드 등록에는 생년월일(또는 사업자번호)이 필요합니다.</source>
        <translation>Saving a card needs the birth date (or business number).</translation>
    </message>
    <message>
        <source>카드 등록에는 비밀번호 앞 2자리가 필요합니다.</source>
        <translation>Saving a card needs the first 2 PIN digits.</translation>
    </message>
    <message>
        <source>카드 등록 동의 문구가 없습니다. 고객의 동의를 먼저 받으세요.</source>
        <translation>There is no consent text. Get the customer&apos;s consent first.</translation>
    </message>
    <message>
        <source>이 카드로 확인 중인 결제가 있습니다. 먼저 결과를 확인하세요.</source>
        <translation>A payment with this card is still being checked. Check its result first.</translation>
    </message>
    <message>
        <source>이 카드의 등록 또는 삭제 결과를 확인 중입니다. 먼저 결과 확인(재조회)을 하세요.</source>
        <translation>The registration or deletion of this card is still being checked. Check its result (look it up) first.</translation>
    </message>
    <message>
        <source>PortOne이 카드 삭제를 거절했습니다: {detail}</source>
        <translation>PortOne refused to delete the card: {detail}</translation>
    </message>
    <message>
        <source>카드가 삭제되지 않았습니다. 다시 시도하세요. ({detail})</source>
        <translation>The card was not deleted. Try again. ({detail})</translation>
    </message>
    <message>
        <source>카드 삭제 결과를 아직 모릅니다. 프로그램이 PortOne에 계속 확인하며, 그동안 이 카드로 결제하지 않습니다.</source>
        <translation>The result of the card deletion is not known yet. The program keeps checking with PortOne and will not charge this card meanwhile.</translation>
    </message>
    <message>
        <source>PortOne에서 카드 정보를 읽지 못했습니다: {detail}</source>
        <translation>Could not read the card from PortOne: {detail}</translation>
    </message>
    <message>
        <source>거래 기록에 없는 고객(빌링키)입니다: {customer_uid}</source>
        <translation>This customer (billing key) is not in the journal: {customer_uid}</translation>
    </message>
    <message>
        <source>PortOne의 취소 가능 잔액이 이 계산대의 기록과 달라 환불하지 않았습니다. 다른 곳에서 환불된 것을 기록에 반영했습니다. 지금 남은 금액: {remaining:,}원. 확인한 뒤 다시 취소하세요.</source>
        <translation>PortOne&apos;s refundable balance differs from this counter&apos;s record, so nothing was refunded. The refund made elsewhere is now in the record. Balance now: {remaining:,} won. Check, then cancel again.</translation>
    </message>
    <message>
        <source>거래 기록에 없는 주문번호입니다: {merchant_uid}</source>
        <translation>This order number is not in the journal: {merchant_uid}</translation>
    </message>
    <message>
        <source>취소할 수 있는 결제가 아닙니다 (상태: {outcome}).</source>
        <translation>This payment cannot be cancelled (state: {outcome}).</translation>
    </message>
    <message>
        <source>결과를 확인 중인 취소가 있습니다. 먼저 결과 확인(재조회)을 하세요.</source>
        <translation>A cancel is still being checked. Check its result first.</translation>
    </message>
    <message>
        <source>이 현금영수증의 취소 결과를 확인 중입니다. 먼저 결과 확인(재조회)을 하세요.</source>
        <translation>The cancel of this cash receipt is still being checked. Check its result (look it up) first.</translation>
    </message>
    <message>
        <source>같은 금액·번호의 현금영수증({merchant_uid}) 결과를 확인 중입니다. 새로 발급하지 말고 확인이 끝나기를 기다리세요(미확정 거래 목록의 &apos;지금 확인&apos;).</source>
        <translation>A cash receipt with the same amount and number ({merchant_uid}) is still being checked. Do not issue a new one; wait for the check (&apos;Check now&apos; in the list of open operations).</translation>
    </message>
    <message>
        <source>이 거래에는 이미 현금영수증이 있습니다 (승인번호 {apply_num}).</source>
        <translation>This sale already has a cash receipt (approval no. {apply_num}).</translation>
    </message>
    <message>
        <source>취소할 현금영수증이 없습니다: {key}</source>
        <translation>No cash receipt to cancel: {key}</translation>
    </message>
    <message>
        <source>PortOne에 없는 결제입니다: {merchant_uid}</source>
        <translation>PortOne has no such payment: {merchant_uid}</translation>
    </message>
    <message>
        <source>PortOne에서 결제를 읽지 못했습니다: {detail}</source>
        <translation>Could not read the payment from PortOne: {detail}</translation>
    </message>
    <message>
        <source>현금영수증은 계좌이체·가상계좌 결제에만 발급할 수 있습니다 (카드 결제 제외).</source>
        <translation>Cash receipts are for bank transfer and virtual account payments only (not card payments).</translation>
    </message>
    <message>
        <source>결제 완료 상태가 아니어서 현금영수증을 발급할 수 없습니다.</source>
        <translation>The payment is not completed, so no cash receipt can be issued.</translation>
    </message>
    <message>
        <source>이 결제에는 이미 현금영수증이 발급되었습니다.</source>
        <translation>A cash receipt was already issued for this payment.</translation>
    </message>
    <message>
        <source>등록된 카드(빌링키)가 없거나 삭제되었습니다: {customer_uid}</source>
        <translation>The saved card (billing key) does not exist or was deleted: {customer_uid}</translation>
    </message>
    <message>
        <source>PortOne에 아직 결제 기록이 없지만 첫 요청이 처리 중일 수 있습니다. 잠시 후 다시 확인하세요. 기록이 없으면 청구되지 않은 것으로 정리됩니다.</source>
        <translation>PortOne has no record of this payment yet, but the first request may still be in progress. Check again shortly; if no record appears, it is settled as not charged.</translation>
    </message>
    <message>
        <source>이미 승인된 결제입니다. 다시 결제하지 않습니다: {merchant_uid}</source>
        <translation>This payment is already approved; it is not charged again: {merchant_uid}</translation>
    </message>
    <message>
        <source>PortOne에 결제 기록이 없습니다. 같은 주문번호로 다시 보내려면 카드 정보를 다시 입력하세요.</source>
        <translation>PortOne has no record of the payment. To resend with the same order number, type the card details again.</translation>
    </message>
    <message>
        <source>저장된 카드가 PortOne에 없습니다(삭제됨). 결제되지 않았습니다. 카드를 다시 등록하세요.</source>
        <translation>The saved card no longer exists at PortOne (deleted). Nothing was charged. Register the card again.</translation>
    </message>
    <message>
        <source>PortOne 테스트 채널로 처리된 결제입니다. 실제로 돈이 움직이지 않았습니다. 상품을 내주지 말고 설정의 채널을 확인하세요.</source>
        <translation>This payment went through a PortOne test channel. No money moved. Do not hand over the goods, and check the channel in Settings.</translation>
    </message>
    <message>
        <source>같은 카드·금액으로 조금 전 &apos;결제되지 않음&apos;으로 정리했던 결제({merchant_uid})가 늦게 승인되었습니다. 다시 결제하지 마세요. 거래내역에서 확인하세요.</source>
        <translation>A payment for the same card and amount that was recorded as &apos;not charged&apos; a moment ago ({merchant_uid}) was approved late. Do not charge again. Check it in History.</translation>
    </message>
    <message>
        <source>이 카드의 등록 또는 삭제 결과를 확인 중입니다. 확인이 끝난 뒤 결제하세요.</source>
        <translation>The registration or deletion of this card is still being checked. Charge it once the check is over.</translation>
    </message>
    <message>
        <source>입력한 카드나 금액이 확인 중인 결제({merchant_uid})와 다릅니다.</source>
        <translation>The card or amount differs from the payment being checked ({merchant_uid}).</translation>
    </message>
    <message>
        <source>결과를 확인 중인 결제({merchant_uid})가 있습니다. 먼저 결과 확인(재조회)을 하세요.</source>
        <translation>A payment is still being checked ({merchant_uid}). Check its result first.</translation>
    </message>
    <message>
        <source>같은 거래를 이미 처리하고 있습니다. 결과가 나올 때까지 기다리세요.</source>
        <translation>This transaction is already being processed. Wait for the result.</translation>
    </message>
    <message>
        <source>PortOne의 결제 목록을 읽지 못했습니다: {detail}</source>
        <translation>Could not read PortOne&apos;s payment list: {detail}</translation>
    </message>
    <message>
        <source>PortOne에 연결되어 있지 않습니다 (API 키가 없거나 오프라인). 결제는 대기열에 넣지 않으니 연결 후 다시 시도하세요.</source>
        <translation>Not connected to PortOne (no API key or offline). Payments are never queued: try again once connected.</translation>
    </message>
    <message>
        <source>거래 기록(저널)에 쓸 수 없어 결제를 막았습니다: {problems}</source>
        <translation>The journal cannot be written, so payments are blocked: {problems}</translation>
    </message>
    <message>
        <source>같은 주문번호로 결제가 두 번 승인되었습니다. 하나를 취소하세요.</source>
        <translation>Two payments were approved with the same order number. Cancel one of them.</translation>
    </message>
    <message>
        <source>PortOne이 응답하지 않습니다. 인터넷 연결을 확인하세요. 연결되면 다시 결제할 수 있습니다.</source>
        <translation>PortOne does not answer. Check the internet connection. Payments are possible again once it is back.</translation>
    </message>
    <message>
        <source>OS 키링에서 PortOne API 키를 읽을 수 없습니다. 컴퓨터 잠금을 풀거나 설정에서 키를 다시 입력하세요. 그때까지 결제는 할 수 없고, 거래내역·재출력·내보내기는 됩니다.</source>
        <translation>The PortOne API keys cannot be read from the OS keyring. Unlock the computer or enter the keys again in Settings. Until then no payments can be taken; history, reprints and export still work.</translation>
    </message>
    <message>
        <source>PG가 설정되어 있지만 PortOne API 키가 없습니다. 설정에서 키를 입력하세요. 그때까지 결제는 할 수 없고, 거래내역·재출력·내보내기는 됩니다.</source>
        <translation>A PG is set up but there are no PortOne API keys. Enter the keys in Settings. Until then no payments can be taken; history, reprints and export still work.</translation>
    </message>
    <message>
        <source>파일 이름은 .xlsx 또는 .csv로 끝나야 합니다: {name}</source>
        <translation>The file name must end in .xlsx or .csv: {name}</translation>
    </message>
    <message>
        <source>확인할 거래가 없습니다: {op_id}</source>
        <translation>No such operation to check: {op_id}</translation>
    </message>
    <message>
        <source>이 거래는 지금 다른 작업이 확인하고 있습니다. 잠시 후 보세요.</source>
        <translation>This operation is being checked by another task right now. Look again in a moment.</translation>
    </message>
    <message>
        <source>PortOne 채널 키가 설정되어 있지 않아 보내지 않았습니다. 설정에서 KSNET 채널을 고르세요.</source>
        <translation>Nothing was sent: no PortOne channel key is set up. Choose the KSNET channel in Settings.</translation>
    </message>
    <message>
        <source>거래 기록에 없는 정기결제입니다: {plan_id}</source>
        <translation>No such recurring plan in the journal: {plan_id}</translation>
    </message>
    <message>
        <source>이 카드의 등록 또는 삭제 결과를 확인 중입니다. 확인이 끝난 뒤 정기결제를 만드세요.</source>
        <translation>This card&apos;s registration or deletion is still being confirmed. Create the plan once that is done.</translation>
    </message>
    <message>
        <source>첫 결제 시각({day} {time})이 이미 지났습니다. 시작일이나 결제 시각을 바꾸세요.</source>
        <translation>The first payment ({day} {time}) is already past. Change the start date or the time.</translation>
    </message>
    <message>
        <source>이 카드로 정기결제를 만들 수 없습니다: {detail}</source>
        <translation>A recurring plan cannot be made on this card: {detail}</translation>
    </message>
    <message>
        <source>일시중지된 정기결제만 다시 시작할 수 있습니다.</source>
        <translation>Only a paused plan can be resumed.</translation>
    </message>
    <message>
        <source>이 카드에는 이 계산대가 만들지 않은 정기결제 예약이 {count}건 있습니다(예: {merchant_uid}). PortOne 관리자 화면에서 먼저 취소한 뒤 카드를 삭제하세요.</source>
        <translation>This card has {count} scheduled payments this counter did not make (e.g. {merchant_uid}). Revoke them in the PortOne console first, then delete the card.</translation>
    </message>
    <message>
        <source>PortOne의 정기결제 예약 목록을 읽지 못해 카드를 삭제하지 않았습니다: {detail}</source>
        <translation>PortOne&apos;s list of scheduled payments could not be read, so the card was not deleted: {detail}</translation>
    </message>
    <message>
        <source>끝난 정기결제입니다: {label}</source>
        <translation>This recurring plan has ended: {label}</translation>
    </message>
    <message>
        <source>예약된 정기결제를 모두 취소했는지 아직 확실하지 않아 카드를 삭제하지 않았습니다. 잠시 후 다시 시도하세요 (프로그램이 PortOne에 계속 확인합니다).</source>
        <translation>It is not certain yet that every scheduled payment was revoked, so the card was not deleted. Try again shortly (the program keeps checking with PortOne).</translation>
    </message>
    <message>
        <source>이미 지난 시각으로는 예약할 수 없습니다: {day}</source>
        <translation>Cannot schedule for a time that has passed: {day}</translation>
    </message>
    <message>
        <source>카드사 응답이 늦어 실패로 보인 결제입니다. 늦게 승인될 수 있으니 {minutes}분 뒤에 다시 결제하세요. 그 사이 프로그램이 PortOne에 확인합니다.</source>
        <translation>This payment looked failed because the card company answered late; it may still be approved. Charge again in {minutes} minutes. Meanwhile the program checks with PortOne.</translation>
    </message>
    <message>
        <source>거래 기록에 없는 정기결제 회차입니다: {slot_id}</source>
        <translation>No such recurring payment in the journal: {slot_id}</translation>
    </message>
    <message>
        <source>이 정기결제 회차의 이전 요청 결과를 확인 중입니다. 확인이 끝난 뒤 다시 하세요.</source>
        <translation>The previous request for this payment is still being confirmed. Try again once it is done.</translation>
    </message>
    <message>
        <source>이 정기결제 회차는 지금 상태({state})에서 할 수 없는 요청입니다.</source>
        <translation>This payment cannot do that in its state ({state}).</translation>
    </message>
    <message>
        <source>이 정기결제 회차는 지금 바꿀 수 없습니다. 최신 상태를 확인한 뒤 다시 하세요.</source>
        <translation>This payment cannot be changed now. Check its latest state and try again.</translation>
    </message>
    <message>
        <source>먼저 로그인하세요 (이름과 PIN).</source>
        <translation>Sign in first (name and PIN).</translation>
    </message>
    <message>
        <source>{action}은(는) {role} 이상이 할 수 있습니다. {role} 이상의 승인(이름과 PIN)을 받으세요.</source>
        <translation>{action} is for a {role} or above. Get the approval (name and PIN) of a {role} or above.</translation>
    </message>
    <message>
        <source>{action}은(는) 사장이 로그인해서 할 수 있습니다.</source>
        <translation>{action} is done by the owner, signed in.</translation>
    </message>
    <message>
        <source>승인이 이 작업의 것이 아니거나 시간이 지났습니다. 다시 승인받으세요.</source>
        <translation>The approval is not for this action or has expired. Get it approved again.</translation>
    </message>
    <message>
        <source>그 이름으로 로그인할 수 있는 사람이 없습니다(없거나 사용 중지됨). 이름을 확인하세요.</source>
        <translation>Nobody who may sign in has that name (unknown or deactivated). Check the name.</translation>
    </message>
    <message>
        <source>PIN이 맞지 않습니다. {left}번 더 틀리면 {minutes}분 동안 잠깁니다.</source>
        <translation>Wrong PIN. {left} more wrong and it locks for {minutes} minutes.</translation>
    </message>
    <message>
        <source>{name}님은 PIN을 여러 번 틀려 {until}까지 잠겼습니다. 사장이 PIN을 새로 정하면 풀립니다.</source>
        <translation>{name} is locked out until {until} after wrong PINs. The owner can end it by setting a new PIN.</translation>
    </message>
    <message>
        <source>{name}님({role})은 {action}을(를) 승인할 수 없습니다.</source>
        <translation>{name} ({role}) cannot approve {action}.</translation>
    </message>
    <message>
        <source>사장이 한 명은 있어야 합니다. 다른 사장을 먼저 만드세요.</source>
        <translation>There must be at least one owner. Make another owner first.</translation>
    </message>
    <message>
        <source>처음 만드는 사람은 사장입니다.</source>
        <translation>The first person made is the owner.</translation>
    </message>
</context>
<context>
    <name>SettingsError</name>
    <message>
        <source>PG는 ksnet.MID 형식입니다 (예: ksnet.2999199999).</source>
        <translation>The PG is ksnet.MID (e.g. ksnet.2999199999).</translation>
    </message>
    <message>
        <source>채널 키는 영문, 숫자, -, _ 로 55자까지입니다. PortOne 콘솔의 채널 정보에서 복사하세요.</source>
        <translation>A channel key is up to 55 letters, digits, - and _. Copy it from the channel&apos;s details in the PortOne console.</translation>
    </message>
    <message>
        <source>PG와 채널 키는 함께 정합니다. PortOne의 채널 목록에서 KSNET 키인 채널을 고르세요.</source>
        <translation>The PG and the channel key go together. Pick a KSNET key-in channel from PortOne&apos;s channel list.</translation>
    </message>
    <message>
        <source>채널 이름은 80자까지입니다.</source>
        <translation>The channel name is at most 80 characters.</translation>
    </message>
    <message>
        <source>계산대 ID는 영문, 숫자, _ 로 1–12자입니다.</source>
        <translation>The counter ID is 1–12 letters, digits or _.</translation>
    </message>
    <message>
        <source>지원하지 않는 언어입니다.</source>
        <translation>Unsupported language.</translation>
    </message>
    <message>
        <source>상품 유형은 실물 또는 디지털입니다.</source>
        <translation>The product type is physical or digital.</translation>
    </message>
    <message>
        <source>과세 방식은 과세 또는 면세입니다.</source>
        <translation>The tax mode is taxable or tax-free.</translation>
    </message>
    <message>
        <source>중복 확인 시간은 0초에서 86400초 사이입니다.</source>
        <translation>The duplicate window is 0 to 86400 seconds.</translation>
    </message>
    <message>
        <source>사업자등록번호가 올바르지 않습니다 (숫자 10자리, 마지막 자리 검증번호). 사업자등록증을 확인하세요.</source>
        <translation>This business registration number is not valid (10 digits, the last one a check digit). Check the registration certificate.</translation>
    </message>
    <message>
        <source>80자까지 입력할 수 있습니다.</source>
        <translation>At most 80 characters.</translation>
    </message>
    <message>
        <source>담당자 이름은 40자까지입니다.</source>
        <translation>The operator name is at most 40 characters.</translation>
    </message>
    <message>
        <source>상호는 60자까지입니다.</source>
        <translation>The shop name is at most 60 characters.</translation>
    </message>
    <message>
        <source>전표 용지는 80mm, 58mm 또는 A4입니다.</source>
        <translation>Slip paper is 80mm, 58mm or A4.</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source>기본 상품 유형</source>
        <translation>Default product type</translation>
    </message>
    <message>
        <source>기본 과세 방식</source>
        <translation>Default tax mode</translation>
    </message>
    <message>
        <source>담당자</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>계산대 ID</source>
        <translation>Counter ID</translation>
    </message>
    <message>
        <source>언어</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>데이터 폴더</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>PortOne 연결</source>
        <translation>PortOne connection</translation>
    </message>
    <message>
        <source>결제 기본값</source>
        <translation>Payment defaults</translation>
    </message>
    <message>
        <source>영수증에 인쇄할 가게 정보</source>
        <translation>Shop details printed on slips</translation>
    </message>
    <message>
        <source>계산대</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>실물</source>
        <translation>Physical</translation>
    </message>
    <message>
        <source>디지털</source>
        <translation>Digital</translation>
    </message>
    <message>
        <source>과세 (면세 금액 0원)</source>
        <translation>Taxable (tax-free amount 0)</translation>
    </message>
    <message>
        <source>면세 (결제 금액 전부 면세)</source>
        <translation>Tax-free (whole amount tax-free)</translation>
    </message>
    <message>
        <source>처음 설정 마법사…</source>
        <translation>First-run setup…</translation>
    </message>
    <message>
        <source>--sandbox로 시작해 샌드박스를 씁니다. 저장한 키와 채널은 --sandbox 없이 시작하면 쓰입니다.</source>
        <translation>Started with --sandbox: the sandbox is used. Saved keys and channel are used when started without --sandbox.</translation>
    </message>
    <message>
        <source>지금은 샌드박스 모드입니다. 키를 넣고 연결 테스트를 통과한 채널을 저장하면 다시 시작하지 않고 실제 PortOne에 연결합니다.</source>
        <translation>Sandbox mode now. Enter the keys, pass the connection test and save the channel: the app then connects to the real PortOne without a restart.</translation>
    </message>
    <message>
        <source>저장하지 못했습니다: {reason}</source>
        <translation>Not saved: {reason}</translation>
    </message>
    <message>
        <source>폴더 열기</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>저장</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>이 PC에는 API 키를 안전하게 보관할 OS 키링이 없어 키를 저장할 수 없습니다. 샌드박스(테스트) 모드로만 동작합니다.</source>
        <translation>This PC has no OS keyring to keep the API key safe, so keys cannot be saved. The app runs in sandbox (test) mode only.</translation>
    </message>
    <message>
        <source>API 키는 OS 키링에 저장되어 있습니다.</source>
        <translation>The API keys are stored in the OS keyring.</translation>
    </message>
    <message>
        <source>저장하지 못했습니다. 빨간 글씨를 확인하세요.</source>
        <translation>Not saved. See the red text.</translation>
    </message>
    <message>
        <source>저장하지 않았습니다: {reason}</source>
        <translation>Not saved: {reason}</translation>
    </message>
    <message>
        <source>새 설정을 적용하는 중…</source>
        <translation>Applying the new settings…</translation>
    </message>
    <message>
        <source>설정 파일을 쓸 수 없습니다: {reason}</source>
        <translation>Cannot write the settings file: {reason}</translation>
    </message>
    <message>
        <source>저장했습니다 ({time}).</source>
        <translation>Saved ({time}).</translation>
    </message>
    <message>
        <source>OS 키링에 저장하지 못했습니다: {reason}</source>
        <translation>Could not save to the OS keyring: {reason}</translation>
    </message>
</context>
<context>
    <name>Settlement</name>
    <message>
        <source>PortOne에 요청을 보내고 답을 기다리는 중</source>
        <translation>Sent to PortOne, waiting for the answer</translation>
    </message>
    <message>
        <source>PortOne 조회가 되지 않았습니다. 곧 다시 확인합니다</source>
        <translation>The PortOne lookup failed. Checking again soon</translation>
    </message>
    <message>
        <source>PortOne에 아직 기록이 없습니다. 기록이 생기는지 {seconds}초 더 확인합니다</source>
        <translation>PortOne has no record yet. Watching for one for {seconds} more seconds</translation>
    </message>
    <message>
        <source>PortOne에서 아직 처리 중입니다. 다시 확인합니다</source>
        <translation>PortOne is still processing it. Checking again</translation>
    </message>
    <message>
        <source>카드사 응답이 늦었습니다. 승인되었는지 PortOne 기록으로 확인하는 중 ({seconds}초 더)</source>
        <translation>The card company answered late. Checking PortOne&apos;s record for an approval ({seconds} s more)</translation>
    </message>
    <message>
        <source>지금 PortOne에 확인하는 중</source>
        <translation>Checking with PortOne now</translation>
    </message>
    <message>
        <source>{seconds}초 뒤 다시 확인합니다</source>
        <translation>Checking again in {seconds} s</translation>
    </message>
    <message>
        <source>결제되지 않았습니다: {label} {amount}원. PortOne에 결제 기록이 없습니다. 필요하면 다시 결제하세요.</source>
        <translation>Not charged: {label} {amount} won. PortOne has no record of the payment. Charge again if needed.</translation>
    </message>
    <message>
        <source>결제가 확인되었습니다: {label} {amount}원 (승인번호 {apply_num}).</source>
        <translation>Payment confirmed: {label} {amount} won (approval {apply_num}).</translation>
    </message>
    <message>
        <source>결제되지 않은 것으로 정리했던 결제가 늦게 승인되었습니다: {label} {amount}원 (승인번호 {apply_num}). 그 사이 다시 결제했다면 하나를 취소하세요.</source>
        <translation>A payment recorded as not charged was approved late: {label} {amount} won (approval {apply_num}). If it was charged again meanwhile, cancel one.</translation>
    </message>
    <message>
        <source>같은 주문이 두 번 결제되었습니다: {label} {amount}원. 거래내역에서 하나를 취소하세요.</source>
        <translation>The same order was charged twice: {label} {amount} won. Cancel one in History.</translation>
    </message>
    <message>
        <source>테스트 채널 결제입니다. 실제로 돈이 움직이지 않았습니다: {label} {amount}원. 상품을 내주지 마세요.</source>
        <translation>Test-channel payment. No money moved: {label} {amount} won. Do not hand over the goods.</translation>
    </message>
    <message>
        <source>저장된 카드가 PortOne에 없습니다(삭제됨): {label}. 카드를 다시 등록하세요.</source>
        <translation>The saved card no longer exists at PortOne (deleted): {label}. Register the card again.</translation>
    </message>
    <message>
        <source>환불되지 않았습니다: {label} {amount}원. 고객에게 돈이 돌아가지 않았습니다. 다시 취소하세요.</source>
        <translation>Not refunded: {label} {amount} won. The customer did not get the money back. Cancel again.</translation>
    </message>
    <message>
        <source>환불이 확인되었습니다: {label} {amount}원.</source>
        <translation>Refund confirmed: {label} {amount} won.</translation>
    </message>
    <message>
        <source>이 계산대가 하지 않은 환불 {amount}원이 PortOne에 있습니다(관리자 화면이나 다른 계산대): {label}. 거래 기록을 PortOne에 맞췄습니다.</source>
        <translation>PortOne has a refund of {amount} won that this counter did not make (console or another counter): {label}. The record now follows PortOne.</translation>
    </message>
    <message>
        <source>카드 등록이 되지 않았습니다: {label}. 다시 등록하세요.</source>
        <translation>The card was not saved: {label}. Register it again.</translation>
    </message>
    <message>
        <source>카드 등록이 확인되었습니다: {label}.</source>
        <translation>Card registration confirmed: {label}.</translation>
    </message>
    <message>
        <source>카드 삭제가 되지 않았습니다: {label}. 카드가 아직 PortOne에 등록되어 있습니다.</source>
        <translation>The card was not deleted: {label}. It is still registered at PortOne.</translation>
    </message>
    <message>
        <source>카드 삭제가 확인되었습니다: {label}.</source>
        <translation>Card deletion confirmed: {label}.</translation>
    </message>
    <message>
        <source>현금영수증이 발급되지 않았습니다: {label} {amount}원. 다시 발급하세요.</source>
        <translation>The cash receipt was not issued: {label} {amount} won. Issue it again.</translation>
    </message>
    <message>
        <source>현금영수증 발급이 확인되었습니다: {label} {amount}원 (승인번호 {apply_num}).</source>
        <translation>Cash receipt confirmed: {label} {amount} won (approval {apply_num}).</translation>
    </message>
    <message>
        <source>현금영수증이 취소되지 않았습니다: {label} {amount}원. 영수증이 아직 유효합니다.</source>
        <translation>The cash receipt was not cancelled: {label} {amount} won. It is still valid.</translation>
    </message>
    <message>
        <source>현금영수증 취소가 확인되었습니다: {label} {amount}원.</source>
        <translation>Cash receipt cancel confirmed: {label} {amount} won.</translation>
    </message>
    <message>
        <source>PortOne에 기록이 없습니다. 기다리는 시간이 지나 청구되지 않은 것으로 정리했습니다.</source>
        <translation>PortOne has no record. The waiting time has passed, so it was recorded as not charged.</translation>
    </message>
    <message>
        <source>PortOne의 환불 내역에 이 환불이 없습니다. 기다리는 시간이 지나 환불되지 않은 것으로 정리했습니다.</source>
        <translation>This refund is not in PortOne&apos;s refund history. The waiting time has passed, so it was recorded as not refunded.</translation>
    </message>
    <message>
        <source>PortOne에 카드가 아직 있습니다. 기다리는 시간이 지나 삭제되지 않은 것으로 정리했습니다.</source>
        <translation>The card is still at PortOne. The waiting time has passed, so it was recorded as not deleted.</translation>
    </message>
    <message>
        <source>PortOne에서 영수증이 아직 유효합니다. 기다리는 시간이 지나 취소되지 않은 것으로 정리했습니다.</source>
        <translation>The receipt is still valid at PortOne. The waiting time has passed, so it was recorded as not cancelled.</translation>
    </message>
    <message>
        <source>PortOne에 이 현금영수증이 없습니다(취소된 것으로 봅니다).</source>
        <translation>PortOne has no such cash receipt (taken as cancelled).</translation>
    </message>
    <message>
        <source>정기결제가 결제되었습니다: {label} {amount}원 ({day}, 승인번호 {apply_num}).</source>
        <translation>Recurring payment charged: {label} {amount} won ({day}, approval no. {apply_num}).</translation>
    </message>
    <message>
        <source>정기결제가 실패했습니다: {label} {amount}원 ({day}). PortOne: {reason}. 정기결제 탭에서 지금 다시 결제, 다시 예약 또는 일시중지를 고르세요.</source>
        <translation>Recurring payment failed: {label} {amount} won ({day}). PortOne: {reason}. On the Recurring tab, charge again now, schedule again or pause the plan.</translation>
    </message>
    <message>
        <source>실패로 보였던 정기결제가 늦게 승인되었습니다: {label} {amount}원 ({day}, 승인번호 {apply_num}). 그 사이 다시 결제했다면 하나를 취소하세요.</source>
        <translation>A recurring payment that looked failed was approved late: {label} {amount} won ({day}, approval no. {apply_num}). If it was charged again meanwhile, cancel one.</translation>
    </message>
    <message>
        <source>정기결제 예약이 이 계산대 밖에서(PortOne 관리자 화면) 취소되었습니다: {label} {amount}원 ({day}).</source>
        <translation>A recurring payment was revoked outside this counter (the PortOne console): {label} {amount} won ({day}).</translation>
    </message>
    <message>
        <source>정기결제 {day} 회차를 예약하지 못했습니다(예약할 시각이 이미 지났습니다: 프로그램이 꺼져 있었습니다): {label} {amount}원. 필요하면 등록 카드로 결제하세요.</source>
        <translation>The recurring payment of {day} could not be scheduled (its time had passed while the program was off): {label} {amount} won. Charge the saved card if needed.</translation>
    </message>
    <message>
        <source>예약할 시각이 지나 예약하지 못했습니다 (그동안 프로그램이 꺼져 있었습니다).</source>
        <translation>Not scheduled: its time passed while the program was off.</translation>
    </message>
    <message>
        <source>정해진 결제를 모두 마쳤습니다.</source>
        <translation>All planned payments are done.</translation>
    </message>
    <message>
        <source>카드가 삭제되어 정기결제를 끝냈습니다.</source>
        <translation>Ended because the card was deleted.</translation>
    </message>
    <message>
        <source>정기결제 예약이 확인되었습니다: {label} {amount}원 ({day}).</source>
        <translation>Recurring payment schedule confirmed: {label} {amount} won ({day}).</translation>
    </message>
    <message>
        <source>정기결제 예약이 되지 않았습니다: {label} {amount}원 ({day}). 같은 주문번호로 다음 확인 때 다시 예약합니다.</source>
        <translation>A recurring payment was not scheduled: {label} {amount} won ({day}). It is scheduled again under the same order number at the next check.</translation>
    </message>
    <message>
        <source>정기결제 날짜 변경이 확인되었습니다: {label} {amount}원 ({day}).</source>
        <translation>Recurring payment date change confirmed: {label} {amount} won ({day}).</translation>
    </message>
    <message>
        <source>정기결제 날짜가 바뀌지 않았습니다: {label} {amount}원. 원래 날짜({day})에 결제됩니다.</source>
        <translation>The recurring payment&apos;s date did not change: {label} {amount} won. It is charged on its old date ({day}).</translation>
    </message>
    <message>
        <source>정기결제 예약 취소가 확인되었습니다: {label} {amount}원 ({day}).</source>
        <translation>Recurring payment revoke confirmed: {label} {amount} won ({day}).</translation>
    </message>
    <message>
        <source>정기결제 예약이 취소되지 않았습니다: {label} {amount}원. {day}에 결제됩니다. 다시 취소하세요.</source>
        <translation>The recurring payment was not revoked: {label} {amount} won. It will be charged on {day}. Revoke it again.</translation>
    </message>
    <message>
        <source>정기결제 다시 결제가 되지 않았습니다: {label} {amount}원. PortOne에 새 결제 기록이 없습니다.</source>
        <translation>Charging the recurring payment again did not happen: {label} {amount} won. PortOne has no new payment record.</translation>
    </message>
    <message>
        <source>정기결제 다시 결제가 거절되었습니다: {label} {amount}원. PortOne: {reason}.</source>
        <translation>Charging the recurring payment again was declined: {label} {amount} won. PortOne: {reason}.</translation>
    </message>
    <message>
        <source>PortOne에 이 예약이 없습니다. 기다리는 시간이 지나 예약되지 않은 것으로 정리했습니다.</source>
        <translation>PortOne has no such schedule. After the waiting time it was recorded as not scheduled.</translation>
    </message>
    <message>
        <source>PortOne의 예약 시각이 그대로입니다. 기다리는 시간이 지나 바뀌지 않은 것으로 정리했습니다.</source>
        <translation>PortOne&apos;s schedule time is unchanged. After the waiting time it was recorded as not changed.</translation>
    </message>
    <message>
        <source>PortOne에 예약이 아직 살아 있습니다. 기다리는 시간이 지나 취소되지 않은 것으로 정리했습니다.</source>
        <translation>The schedule is still live at PortOne. After the waiting time it was recorded as not revoked.</translation>
    </message>
    <message>
        <source>예약이 이미 실행되었습니다(PortOne 기록).</source>
        <translation>The schedule had already run (PortOne&apos;s record).</translation>
    </message>
    <message>
        <source>PortOne에 이 예약이 없습니다(결제되지 않습니다).</source>
        <translation>PortOne has no such schedule (nothing will be charged).</translation>
    </message>
    <message>
        <source>PortOne에 새 결제 기록이 없습니다. 기다리는 시간이 지나 결제되지 않은 것으로 정리했습니다.</source>
        <translation>PortOne has no new payment record. After the waiting time it was recorded as not charged.</translation>
    </message>
</context>
<context>
    <name>SettlementView</name>
    <message>
        <source>{kind} {count}건</source>
        <translation>{kind}: {count}</translation>
    </message>
    <message>
        <source>● 미확정 {count}건</source>
        <translation>● {count} open</translation>
    </message>
    <message>
        <source>미확정 0건</source>
        <translation>0 open</translation>
    </message>
    <message>
        <source>{time} 확인 · 눌러서 목록 보기</source>
        <translation>Checked {time} · click for the list</translation>
    </message>
</context>
<context>
    <name>SetupCheck</name>
    <message>
        <source>PortOne 관리자 콘솔 → 결제연동 → 식별코드·API Keys → V1 API의 &apos;REST API Key&apos;와 &apos;REST API Secret&apos;</source>
        <translation>PortOne admin console → Payment integration → Identifiers · API Keys → V1 API, &apos;REST API Key&apos; and &apos;REST API Secret&apos;</translation>
    </message>
    <message>
        <source>PortOne 관리자 콘솔 → 결제연동 → 채널 관리 → KSNET 키인(API 방식) 채널의 채널 정보</source>
        <translation>PortOne admin console → Payment integration → Channels → the KSNET key-in (API) channel&apos;s details</translation>
    </message>
    <message>
        <source>REST API 키를 입력하세요. 위치: {where}</source>
        <translation>Enter the REST API key. Where: {where}</translation>
    </message>
    <message>
        <source>REST API 키에 공백이 들어 있습니다. 콘솔에서 다시 복사하세요.</source>
        <translation>The REST API key contains a space. Copy it from the console again.</translation>
    </message>
    <message>
        <source>REST API 시크릿을 입력하세요. 위치: {where}</source>
        <translation>Enter the REST API secret. Where: {where}</translation>
    </message>
    <message>
        <source>REST API 시크릿에 공백이 들어 있습니다. 콘솔에서 다시 복사하세요.</source>
        <translation>The REST API secret contains a space. Copy it from the console again.</translation>
    </message>
    <message>
        <source>키인·API 결제</source>
        <translation>key-in / API payments</translation>
    </message>
    <message>
        <source>결제창(인증) 결제</source>
        <translation>payment window (authenticated)</translation>
    </message>
    <message>
        <source>본인인증</source>
        <translation>identity verification</translation>
    </message>
    <message>
        <source>PortOne이 REST API 키 또는 시크릿을 거부했습니다 (HTTP {status}: {message}). {where}의 값과 같은지 확인하세요.</source>
        <translation>PortOne refused the REST API key or secret (HTTP {status}: {message}). Check that they match {where}.</translation>
    </message>
    <message>
        <source>PortOne에 연결하지 못했습니다 ({detail}). 인터넷 연결을 확인하세요. 키가 틀렸다는 뜻은 아닙니다.</source>
        <translation>Could not reach PortOne ({detail}). Check the internet connection. This does not mean the keys are wrong.</translation>
    </message>
    <message>
        <source>PortOne의 답을 읽지 못했습니다 ({detail}). 잠시 뒤 다시 테스트하세요.</source>
        <translation>PortOne&apos;s answer could not be read ({detail}). Test again in a moment.</translation>
    </message>
    <message>
        <source>API 키와 키링에 저장된 시크릿: PortOne이 받아들였습니다 (토큰 {minutes}분 유효).</source>
        <translation>API key and the secret saved in the keyring: accepted by PortOne (token valid {minutes} min).</translation>
    </message>
    <message>
        <source>API 키와 시크릿: PortOne이 받아들였습니다 (토큰 {minutes}분 유효).</source>
        <translation>API key and secret: accepted by PortOne (token valid {minutes} min).</translation>
    </message>
    <message>
        <source>키는 맞지만 PortOne이 PG 목록을 보여 주지 않았습니다 (HTTP {status}: {message}). 콘솔에서 이 API 키의 권한을 확인하세요.</source>
        <translation>The keys are right, but PortOne did not show the PG list (HTTP {status}: {message}). Check this API key&apos;s permissions in the console.</translation>
    </message>
    <message>
        <source>PG 목록을 읽지 못했습니다 ({detail}). 잠시 뒤 다시 테스트하세요.</source>
        <translation>The PG list could not be read ({detail}). Test again in a moment.</translation>
    </message>
    <message>
        <source>PG 목록: KSNET 키인 채널 {count}개를 찾았습니다.</source>
        <translation>PG list: {count} KSNET key-in channel(s) found.</translation>
    </message>
    <message>
        <source>이 PortOne 계정에는 PG 채널이 하나도 없습니다. {where}에서 KSNET 키인(API 방식) 채널을 추가하세요.</source>
        <translation>This PortOne account has no PG channel at all. Add a KSNET key-in (API) channel in {where}.</translation>
    </message>
    <message>
        <source>이 계정에는 KSNET 키인 채널이 없습니다. PortOne이 알려 준 채널: {listing}. {where}에서 KSNET 키인(API 방식) 채널을 추가하세요.</source>
        <translation>This account has no KSNET key-in channel. Channels PortOne listed: {listing}. Add a KSNET key-in (API) channel in {where}.</translation>
    </message>
    <message>
        <source>채널 키 {key}는 이 계정의 채널 목록에 없습니다. 목록에서 KSNET 키인 채널을 고르세요 ({where}).</source>
        <translation>Channel key {key} is not in this account&apos;s channel list. Pick a KSNET key-in channel from the list ({where}).</translation>
    </message>
    <message>
        <source>채널 키 {key}는 {provider} {kind} 채널입니다. 키인 결제에는 KSNET 키인(API 방식) 채널이 필요합니다.</source>
        <translation>Channel key {key} is a {provider} {kind} channel. Key-in payments need a KSNET key-in (API) channel.</translation>
    </message>
    <message>
        <source>KSNET 키인 채널이 {count}개 있습니다. 쓸 채널을 목록에서 고르세요.</source>
        <translation>There are {count} KSNET key-in channels. Pick the one to use from the list.</translation>
    </message>
    <message>
        <source>PortOne 목록에 채널 {mid}의 채널 키가 없습니다. 카드 등록과 현금영수증에 채널 키가 필요합니다. {where}를 확인하세요.</source>
        <translation>PortOne&apos;s list has no channel key for channel {mid}. Saving cards and cash receipts need one. Check {where}.</translation>
    </message>
    <message>
        <source>채널: KSNET · 상점아이디(MID) {mid} · {name}</source>
        <translation>Channel: KSNET · MID {mid} · {name}</translation>
    </message>
    <message>
        <source>테스트 채널입니다: 이 채널의 결제는 승인처럼 보여도 실제 돈이 움직이지 않습니다. 실제 결제를 받으려면 PortOne 콘솔에서 실연동 채널을 만들어 고르세요.</source>
        <translation>This is a test channel: its payments look approved but move no real money. To take real payments, create a live channel in the PortOne console and pick it.</translation>
    </message>
    <message>
        <source>결제 조회: 없는 주문번호를 물었더니 PortOne이 &apos;결제정보 없음&apos;으로 답했습니다 (조회 권한 확인).</source>
        <translation>Payment lookup: asked for an order number that does not exist, PortOne answered &apos;no such payment&apos; (lookups work).</translation>
    </message>
    <message>
        <source>결제를 조회할 권한이 없습니다 (HTTP {status}: {message}). 콘솔에서 API 키의 권한을 확인하세요.</source>
        <translation>No permission to look up payments (HTTP {status}: {message}). Check the API key&apos;s permissions in the console.</translation>
    </message>
    <message>
        <source>결제 조회가 되지 않았습니다 ({detail}). 잠시 뒤 다시 테스트하세요.</source>
        <translation>The payment lookup failed ({detail}). Test again in a moment.</translation>
    </message>
    <message>
        <source>결제 조회: 있을 수 없는 주문번호 {uid}에 PortOne이 결제({status})를 돌려주었습니다. 서버 주소를 확인하세요.</source>
        <translation>Payment lookup: PortOne returned a payment ({status}) for the impossible order number {uid}. Check the server address.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>처음 설정 — 실제 결제 받기</source>
        <translation>First-run setup — take real payments</translation>
    </message>
    <message>
        <source>1. PortOne 연결</source>
        <translation>1. PortOne connection</translation>
    </message>
    <message>
        <source>PortOne 관리자 콘솔에서 V1 REST API 키와 시크릿을 복사해 넣고 연결 테스트를 누르세요. 테스트가 PortOne에서 이 계정의 채널 목록을 받아 오면 KSNET 키인 채널을 고릅니다.</source>
        <translation>Copy the V1 REST API key and secret from the PortOne admin console and press Test connection. When the test has brought this account&apos;s channel list from PortOne, pick the KSNET key-in channel.</translation>
    </message>
    <message>
        <source>2. 영수증에 인쇄할 가게 정보</source>
        <translation>2. Shop details printed on slips</translation>
    </message>
    <message>
        <source>카드 전표와 마감 리포트에 인쇄됩니다. 사업자등록번호는 검증번호(마지막 자리)까지 확인합니다.</source>
        <translation>Printed on card slips and the day report. The business number is checked including its check digit (the last one).</translation>
    </message>
    <message>
        <source>3. 확인</source>
        <translation>3. Confirm</translation>
    </message>
    <message>
        <source>저장하고 적용</source>
        <translation>Save and apply</translation>
    </message>
    <message>
        <source>나중에</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>다음 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>&lt; 이전</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>REST API 키: {key} (시크릿은 OS 키링에만 저장)</source>
        <translation>REST API key: {key} (the secret is kept only in the OS keyring)</translation>
    </message>
    <message>
        <source>채널: {channel}</source>
        <translation>Channel: {channel}</translation>
    </message>
    <message>
        <source>PG: {pg} · 채널 키: {key}</source>
        <translation>PG: {pg} · channel key: {key}</translation>
    </message>
    <message>
        <source>상호: {name} · 사업자등록번호: {number}</source>
        <translation>Shop: {name} · business no.: {number}</translation>
    </message>
    <message>
        <source>주소: {address} · 전화: {tel}</source>
        <translation>Address: {address} · phone: {tel}</translation>
    </message>
    <message>
        <source>저장하면 다시 시작하지 않고 바로 이 설정으로 연결합니다. 화면 위 막대에 PG와 상점아이디가 표시됩니다.</source>
        <translation>Saving connects with these settings at once, without a restart. The bar at the top shows the PG and the MID.</translation>
    </message>
    <message>
        <source>이 채널은 PortOne 테스트 채널입니다. 결제가 승인처럼 보여도 실제 돈은 움직이지 않습니다. 화면 위에 늘 &apos;테스트 채널&apos;로 표시되고, 이런 결제는 마감 금액에 들어가지 않습니다.</source>
        <translation>This channel is a PortOne test channel. Payments look approved but no real money moves. The top of the window always says &apos;test channel&apos;, and such payments are not counted in the day close.</translation>
    </message>
    <message>
        <source>지금은 저장하지 않습니다: {reason}</source>
        <translation>Not saving now: {reason}</translation>
    </message>
    <message>
        <source>저장하지 못했습니다.</source>
        <translation>Could not save.</translation>
    </message>
</context>
<context>
    <name>ShopSection</name>
    <message>
        <source>상호</source>
        <translation>Shop name</translation>
    </message>
    <message>
        <source>사업자등록번호</source>
        <translation>Business registration no.</translation>
    </message>
    <message>
        <source>주소</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>전화번호</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>영수증에 인쇄되므로 꼭 입력하세요.</source>
        <translation>Required: it is printed on slips.</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>이름</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN 한 번 더</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <source>처음 설정: 사장 만들기</source>
        <translation>First start: make the owner</translation>
    </message>
    <message>
        <source>이 계산대의 사장을 만듭니다. 사장은 직원을 추가하고 권한 표와 설정을 바꿉니다. PIN은 숫자 4–8자리이며, 6자리 이상을 권합니다.</source>
        <translation>Make the owner of this counter. The owner adds staff and changes the role table and the settings. A PIN is 4–8 digits; 6 or more is better.</translation>
    </message>
    <message>
        <source>사장 만들기</source>
        <translation>Make the owner</translation>
    </message>
    <message>
        <source>로그인</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>이름과 PIN을 입력하고 Enter를 누르세요.</source>
        <translation>Enter your name and PIN, then press Enter.</translation>
    </message>
    <message>
        <source>이름을 입력하세요.</source>
        <translation>Enter the name.</translation>
    </message>
    <message>
        <source>PIN을 입력하세요.</source>
        <translation>Enter the PIN.</translation>
    </message>
    <message>
        <source>로그인하지 못했습니다. 다시 해 보세요.</source>
        <translation>Signing in did not work. Try again.</translation>
    </message>
    <message>
        <source>확인 중…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>(상호 미설정)</source>
        <translation>(shop name not set)</translation>
    </message>
    <message>
        <source>사업자번호 {number}</source>
        <translation>Business no. {number}</translation>
    </message>
    <message>
        <source>전화 {tel}</source>
        <translation>Tel {tel}</translation>
    </message>
    <message>
        <source>신용카드 매출전표</source>
        <translation>Credit card sales slip</translation>
    </message>
    <message>
        <source>테스트 결제 전표 (매출전표 아님)</source>
        <translation>Test payment slip (not a sales slip)</translation>
    </message>
    <message>
        <source>신용카드 매출전표 (취소 포함)</source>
        <translation>Credit card sales slip (with cancels)</translation>
    </message>
    <message>
        <source>금액 불일치 — 취소가 필요한 결제</source>
        <translation>Amount mismatch — this payment must be cancelled</translation>
    </message>
    <message>
        <source>결제 확인 중 (영수증 아님)</source>
        <translation>Payment being checked (not a receipt)</translation>
    </message>
    <message>
        <source>결제되지 않음 (영수증 아님)</source>
        <translation>Not charged (not a receipt)</translation>
    </message>
    <message>
        <source>거래일시</source>
        <translation>Date/time</translation>
    </message>
    <message>
        <source>주문명</source>
        <translation>Order name</translation>
    </message>
    <message>
        <source>카드사</source>
        <translation>Card company</translation>
    </message>
    <message>
        <source>카드번호</source>
        <translation>Card number</translation>
    </message>
    <message>
        <source>할부</source>
        <translation>Instalments</translation>
    </message>
    <message>
        <source>승인번호</source>
        <translation>Approval no.</translation>
    </message>
    <message>
        <source>주문번호</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <source>구매자</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <source>공급가액</source>
        <translation>Supply value</translation>
    </message>
    <message>
        <source>부가세</source>
        <translation>VAT</translation>
    </message>
    <message>
        <source>면세</source>
        <translation>Tax-free</translation>
    </message>
    <message>
        <source>합계</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>취소 {when}</source>
        <translation>Cancel {when}</translation>
    </message>
    <message>
        <source>사유</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>TEST — 실제 결제 아님</source>
        <translation>TEST — not a real payment</translation>
    </message>
    <message>
        <source>샌드박스(테스트 서버)에서 만든 전표입니다. 돈이 오가지 않았습니다.</source>
        <translation>Made on the sandbox (test server). No money moved.</translation>
    </message>
    <message>
        <source>PortOne 테스트 채널로 처리된 결제입니다. 돈이 오가지 않았습니다.</source>
        <translation>This payment went through a PortOne test channel. No money changed hands.</translation>
    </message>
    <message>
        <source>취소 합계</source>
        <translation>Cancelled total</translation>
    </message>
    <message>
        <source>남은 금액</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>상태</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>담당</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>발행일시</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>용도</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>발행 취소 ({when})</source>
        <translation>Issue cancelled ({when})</translation>
    </message>
    <message>
        <source>테스트 현금영수증 (국세청 발급 아님)</source>
        <translation>Test cash receipt (not issued to the NTS)</translation>
    </message>
    <message>
        <source>현금영수증</source>
        <translation>Cash receipt</translation>
    </message>
</context>
<context>
    <name>SlipControls</name>
    <message>
        <source>전표</source>
        <translation>Slip</translation>
    </message>
    <message>
        <source>용지</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>80mm 롤</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <source>58mm 롤</source>
        <translation>58 mm roll</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>인쇄…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>PDF로 저장…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>PG 전표 보기</source>
        <translation>Show PG slip</translation>
    </message>
    <message>
        <source>영수증 링크 복사 (카카오톡·문자용)</source>
        <translation>Copy receipt link (for KakaoTalk / SMS)</translation>
    </message>
    <message>
        <source>PDF로 저장했습니다 ({paper}): {path}</source>
        <translation>Saved as PDF ({paper}): {path}</translation>
    </message>
    <message>
        <source>전표 인쇄 ({paper})</source>
        <translation>Print slip ({paper})</translation>
    </message>
    <message>
        <source>PDF로 저장</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 파일 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>브라우저를 열 수 없습니다. 주소: {url}</source>
        <translation>Cannot open the browser. Address: {url}</translation>
    </message>
    <message>
        <source>영수증 링크를 복사했습니다. 카카오톡이나 문자 창에 붙여 넣어 고객에게 보내세요.</source>
        <translation>Receipt link copied. Paste it into KakaoTalk or a text message for the customer.</translation>
    </message>
</context>
<context>
    <name>ZReport</name>
    <message>
        <source>{count}건</source>
        <translation>{count}</translation>
    </message>
    <message>
        <source>승인</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>취소</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>순매출</source>
        <translation>Net sales</translation>
    </message>
    <message>
        <source>(상호 미설정)</source>
        <translation>(shop name not set)</translation>
    </message>
    <message>
        <source>사업자번호 {number}</source>
        <translation>Business no. {number}</translation>
    </message>
    <message>
        <source>전화 {tel}</source>
        <translation>Tel. {tel}</translation>
    </message>
    <message>
        <source>일일 마감 (Z 리포트)</source>
        <translation>Day close (Z report)</translation>
    </message>
    <message>
        <source>마감일</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>출력 시각</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>그중 계산대 결제</source>
        <translation>of which counter sales</translation>
    </message>
    <message>
        <source>그중 정기결제</source>
        <translation>of which recurring</translation>
    </message>
    <message>
        <source>담당자별</source>
        <translation>By cashier</translation>
    </message>
    <message>
        <source>다른 곳에서 한 환불</source>
        <translation>Refunds made elsewhere</translation>
    </message>
    <message>
        <source>(이름 없음)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>기록 기준점</source>
        <translation>Journal anchor</translation>
    </message>
    <message>
        <source>(카드사 미상)</source>
        <translation>(card company unknown)</translation>
    </message>
    <message>
        <source>합계</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>면세</source>
        <translation>Tax-free</translation>
    </message>
    <message>
        <source>부가세</source>
        <translation>VAT</translation>
    </message>
    <message>
        <source>현금영수증 {count}건</source>
        <translation>{count} cash receipt(s)</translation>
    </message>
    <message>
        <source>합계 (카드 + 현금영수증)</source>
        <translation>Total (card + cash receipts)</translation>
    </message>
</context>
</TS>
