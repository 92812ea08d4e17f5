//! Azure cost details (EA and MCA, actual and amortized) against real and
//! built fixtures: detection, which figure reconciles, amortization of
//! reservations and savings plans, currencies, units and prices.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use cloudlens_bills::formats::ReconcileOn;
use cloudlens_bills::FormatId;
use cloudlens_model::{ChargeCategory, Decimal, PricingCategory};
use common::*;
use expect_test::expect;

// ---------------------------------------------------------------- Azure

#[test]
fn azure_ea_actual_cost_reconciles_on_billed_cost() {
    let (t, m) = map_file("azure-ea-actual.csv");
    assert_eq!(m.format, FormatId::AzureEa);
    assert!(
        m.variant.starts_with("EA cost details, actual"),
        "{}",
        m.variant
    );
    assert_eq!(claims(&t.header), vec![FormatId::AzureEa]);
    assert_eq!((m.rows, m.lines.len()), (11, 11));
    assert_eq!(m.reconcile_on, ReconcileOn::Billed);

    let raw = t.sum_by("Cost", "BillingCurrency")["USD"];
    assert_eq!(
        totals(&m, |l| l.billed_cost),
        BTreeMap::from([(key(SEP_2023, "USD"), raw)])
    );
    assert_eq!(
        source_totals(&m),
        BTreeMap::from([(key(SEP_2023, "USD"), raw)])
    );
    // The reservation purchase (3.25) is amortized onto usage elsewhere.
    assert_eq!(
        totals(&m, |l| l.effective_cost),
        BTreeMap::from([(key(SEP_2023, "USD"), raw - dec("3.25"))])
    );

    let purchase = m.one(|l| l.dims.charge_category == ChargeCategory::Purchase);
    // Dates are inclusive days: +1 day for the exclusive ends.
    check(
        purchase,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=8611537 | name=Trey Research Demo (DO NOT USE) | type=Billing Account | currency=USD
            sub_account: id=1caaa5a3-2b66-438e-8ab4-bce37d518c5d | name=Cost Management Research | type=Subscription
            service: name=Azure Reservations | category=Management and Governance | subcategory=Cost Management
            charge: category=Purchase | frequency=Recurring | description=Virtual Machines BS Series - B1s - UK South
            periods: billing=2023-09-01T00:00:00+00:00..2023-10-01T00:00:00+00:00 | charge=2023-09-21T00:00:00+00:00..2023-09-22T00:00:00+00:00
            cost: billed=3.25 | effective=0 | list=3.25 | contracted=3.25
            pricing: category=Standard | quantity=1 | unit=Hours | currency=USD | list_price=0 | contracted_price=3.25
            sku: id=f31064a2-ed95-4e11-8b69-270f2fc4fbdd | meter=B1s
            region: id=uksouth | name=UK South
            resource: id=/providers/Microsoft.Capacity/reservationOrders/49ed0e4d-8e0c-4f1f-af2c-67c865056615/reservations/ | name=reservations | type=microsoft.capacity/reservationorders/reservations
            commitment: id=/providers/Microsoft.Capacity/reservationOrders/49ed0e4d-8e0c-4f1f-af2c-67c865056615/reservations/ | name=VM_RI_06-21-2023_18-56 | category=Usage | type=Reservation
            extras: x_AccountName=ACM Team | x_AccountOwnerId=acm@testea.onmicrosoft.com | x_BillingProfileId=8611537 | x_BillingProfileName=Trey Research Demo (DO NOT USE) | x_ChargeType=Purchase | x_ConsumedService=Microsoft.Capacity | x_CostCenter=acm9000 | x_EffectiveUnitPrice=3.25 | x_InvoiceSectionName=ACM | x_PricingBlockSize=1 | x_PricingModel=Reservation | x_PricingUnitDescription=1 Hour | x_PublisherCategory=Azure | x_ResourceType=microsoft.capacity/reservationorders/reservations | x_SkuMeterCategory=Virtual Machines | x_SkuMeterId=f31064a2-ed95-4e11-8b69-270f2fc4fbdd | x_SkuMeterSubcategory=BS Series | x_SkuOrderId=49ed0e4d-8e0c-4f1f-af2c-67c865056615 | x_SkuOrderName=Reserved VM Instance, Standard_B1s, UK South, 3 Years | x_SkuPartNumber=AAA-88134 | x_SkuRegion=UK South | x_SkuServiceFamily=Compute | x_SkuTerm=36
            row: 2
        "#]],
    );

    let sql =
        m.one(|l| l.dims.resource_type.as_deref() == Some("microsoft.sql/servers/elasticpools"));
    check(
        sql,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=8611537 | name=Trey Research Demo (DO NOT USE) | type=Billing Account | currency=USD
            sub_account: id=9ec51cfd-5ca7-4d76-8101-dd0a4abc5674 | name=Trey Research Corporate | type=Subscription
            service: name=Azure SQL Database | category=Databases | subcategory=Relational Databases
            charge: category=Usage | frequency=UsageBased | description=SQL Managed Instance General Purpose - SQL License - Azure Hybrid Benefit - Standard Edition - Preview
            periods: billing=2023-09-01T00:00:00+00:00..2023-10-01T00:00:00+00:00 | charge=2023-09-04T00:00:00+00:00..2023-09-05T00:00:00+00:00
            cost: billed=0 | effective=0 | list=0 | contracted=0
            pricing: category=Standard | quantity=1 | unit=Hours | currency=USD | list_price=0 | contracted_price=0
            consumed: quantity=1 | unit=Hours
            sku: id=f7b415a5-688d-506a-b018-51e989c4fa7e | meter=vCore
            region: id=eastus | name=East US
            resource: id=/subscriptions/9EC51CFD-5CA7-4D76-8101-DD0A4ABC5674/resourceGroups/AnalyticsEngine/providers/Microsoft.Sql/servers/treyanalyticsengine/elasticPools/AEPool | name=treyanalyticsengine | type=microsoft.sql/servers/elasticpools
            tags: env=prod | org=trey
            extras: x_AccountName=ACM Team | x_AccountOwnerId=acm@testea.onmicrosoft.com | x_BillingProfileId=8611537 | x_BillingProfileName=Trey Research Demo (DO NOT USE) | x_ChargeType=Usage | x_ConsumedService=Microsoft.Sql | x_CostCenter=ACM9000 | x_EffectiveUnitPrice=0 | x_InvoiceSectionName=ACM | x_PricingBlockSize=1 | x_PricingModel=OnDemand | x_PricingUnitDescription=1 Hour | x_PublisherCategory=Azure | x_ResourceGroupName=AnalyticsEngine | x_ResourceType=microsoft.sql/servers/elasticpools | x_SkuDetails={"AHB":"False","ConsumptionMeter":"6f344f4b-7c91-4026-915a-a1b597793be1","ReservationId":"226b996f-0aad-4e53-b53f-58099c7f79f6","ReservationOrderId":"8830538c-d4e6-4a6f-a4b6-e7fba6421254","vCores":2} | x_SkuMeterCategory=SQL Managed Instance | x_SkuMeterId=f7b415a5-688d-506a-b018-51e989c4fa7e | x_SkuMeterSubcategory=Managed Instance General Purpose - SQL License | x_SkuOfferId=MS-AZR-0017P | x_SkuPartNumber=AAF-66345 | x_SkuPlanName=Azure Hybrid Benefit - Standard Edition | x_SkuServiceFamily=Compute
            row: 7
        "#]],
    );
    let tagged = m
        .lines
        .iter()
        .find(|l| l.dims.tags.contains_key("databricks-environment"))
        .unwrap();
    check(
        tagged,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=8611537 | name=Trey Research Demo (DO NOT USE) | type=Billing Account | currency=USD
            sub_account: id=ed570627-0265-4620-bb42-bae06bcfa914 | name=Trey Research IT | type=Subscription
            service: name=Storage Accounts | category=Storage | subcategory=Storage Platforms
            charge: category=Usage | frequency=UsageBased | description=Tiered Block Blob - GRS - List and Create Container Operations - US East 2
            periods: billing=2023-09-01T00:00:00+00:00..2023-10-01T00:00:00+00:00 | charge=2023-09-04T00:00:00+00:00..2023-09-05T00:00:00+00:00
            cost: billed=0.00004 | effective=0.00004 | list=0.00004 | contracted=0.00004
            pricing: category=Standard | quantity=0.0004 | unit=10000 Units | currency=USD | list_price=0.1 | contracted_price=0.1
            consumed: quantity=0.0004 | unit=10000 Units
            sku: id=aaaef613-418a-4a5f-af72-d224d7dee2c6 | meter=GRS List and Create Container Operations
            region: id=eastus2 | name=East US 2
            resource: id=/subscriptions/ed570627-0265-4620-bb42-bae06bcfa914/resourceGroups/databricks-rg-PeskyData-s6taefbli5c5e/providers/Microsoft.Storage/storageAccounts/dbstoragewp6hglwvvrad2 | name=dbstoragewp6hglwvvrad2 | type=microsoft.storage/storageaccounts
            tags: CostCenter=1234 | application=databricks | databricks-environment=true | env=prod | org=trey
            extras: x_AccountName=ACM Team | x_AccountOwnerId=acm@testea.onmicrosoft.com | x_BillingProfileId=8611537 | x_BillingProfileName=Trey Research Demo (DO NOT USE) | x_ChargeType=Usage | x_ConsumedService=Microsoft.Storage | x_CostCenter=ACM9000 | x_EffectiveUnitPrice=0.1 | x_InvoiceSectionName=ACM | x_PricingBlockSize=10000 | x_PricingModel=OnDemand | x_PricingUnitDescription=10K | x_PublisherCategory=Azure | x_ResourceGroupName=databricks-rg-PeskyData-s6taefbli5c5e | x_ResourceType=microsoft.storage/storageaccounts | x_SkuMeterCategory=Storage | x_SkuMeterId=aaaef613-418a-4a5f-af72-d224d7dee2c6 | x_SkuMeterSubcategory=Tiered Block Blob | x_SkuOfferId=MS-AZR-0017P | x_SkuPartNumber=AAD-37090 | x_SkuPlanName=Hot | x_SkuRegion=Virginia | x_SkuServiceFamily=Compute
            row: 3
        "#]],
    );
}

#[test]
fn azure_ea_amortized_cost_reconciles_on_effective_cost() {
    let (t, m) = map_file("azure-ea-amortized.csv");
    assert_eq!(m.format, FormatId::AzureEa);
    assert_eq!(claims(&t.header), vec![FormatId::AzureEa]);
    assert_eq!((m.rows, m.lines.len()), (28, 28));
    assert_eq!(m.reconcile_on, ReconcileOn::Effective);

    let raw = t.sum_by("Cost", "BillingCurrency")["USD"];
    assert_eq!(
        totals(&m, |l| l.effective_cost),
        BTreeMap::from([(key(SEP_2023, "USD"), raw)])
    );
    assert_eq!(
        source_totals(&m),
        BTreeMap::from([(key(SEP_2023, "USD"), raw)])
    );
    // Usage a reservation or savings plan covers was paid for by the purchase.
    let covered = dec("0.493152") + dec("0.006000000468");
    assert_eq!(
        totals(&m, |l| l.billed_cost),
        BTreeMap::from([(key(SEP_2023, "USD"), raw - covered)])
    );

    let ri = m.one(|l| l.dims.commitment_discount_type.as_deref() == Some("Reservation"));
    check(
        ri,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=8611537 | name=Trey Research Demo (DO NOT USE) | type=Billing Account | currency=USD
            sub_account: id=9ec51cfd-5ca7-4d76-8101-dd0a4abc5674 | name=Trey Research Corporate | type=Subscription
            service: name=Virtual Machine Scale Sets | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=Virtual Machines Dv2/DSv2 Series - D2 v2/DS2 v2 - US East
            periods: billing=2023-09-01T00:00:00+00:00..2023-10-01T00:00:00+00:00 | charge=2023-09-22T00:00:00+00:00..2023-09-23T00:00:00+00:00
            cost: billed=0 | effective=0.493152 | list=0.493152 | contracted=1.168
            pricing: category=Committed | quantity=8 | unit=Hours | currency=USD | list_price=0 | contracted_price=0.146
            consumed: quantity=8 | unit=Hours
            sku: id=14fc9a21-4919-4cb1-b495-5666966556bc | meter=D2 v2/DS2 v2
            region: id=eastus | name=East US
            resource: id=/subscriptions/9ec51cfd-5ca7-4d76-8101-dd0a4abc5674/resourceGroups/MC_ANALYTICSENGINE_ANALYTICSENGINE_EASTUS/providers/Microsoft.Compute/virtualMachineScaleSets/aks-agentpool-42850074-vmss | name=aks-agentpool-42850074-vmss | type=microsoft.compute/virtualmachinescalesets
            commitment: id=/providers/Microsoft.Capacity/reservationOrders/a965d46f-aedf-4176-8ff1-2617943b8960/reservations/f39d1c73-af74-4308-9083-fbf5efab37d1 | name=ProdDS1VMReservation | category=Usage | type=Reservation | status=Used
            tags: aks-managed-createOperationID= | aks-managed-creationSource=vmssclient-aks-agentpool-42850074-vmss | aks-managed-kubeletIdentityClientID=6b18955b-fa04-4011-91e3-adb713ef4034 | aks-managed-operationID=d495e5d1-2c1e-4d2c-9d14-05917c785f6c | aks-managed-orchestrator=Kubernetes:1.23.8 | aks-managed-poolName=agentpool | aks-managed-resourceNameSuffix=42850074 | env=prod | orchestrator=Kubernetes:1.20.9 | org=trey | poolName=agentpool
            extras: x_AccountName=ACM Team | x_AccountOwnerId=acm@testea.onmicrosoft.com | x_BillingProfileId=8611537 | x_BillingProfileName=Trey Research Demo (DO NOT USE) | x_ChargeType=Usage | x_ConsumedService=Microsoft.Compute | x_CostCenter=ACM9000 | x_EffectiveUnitPrice=0.061644 | x_InvoiceSectionName=ACM | x_PricingBlockSize=1 | x_PricingModel=Reservation | x_PricingUnitDescription=1 Hour | x_PublisherCategory=Azure | x_ResourceGroupName=MC_ANALYTICSENGINE_ANALYTICSENGINE_EASTUS | x_ResourceType=microsoft.compute/virtualmachinescalesets | x_SkuDetails={"ConsumedQuantity":1.0,"ConsumptionMeter":"14fc9a21-4919-4cb1-b495-5666966556bc","ImageType":"Canonical","RINormalizationRatio":2.0,"ReservationId":"f39d1c73-af74-4308-9083-fbf5efab37d1","ReservationOrderId":"a965d46f-aedf-4176-8ff1-2617943b8960","ServiceType":"Standard_DS2_v2","UsageType":"ComputeHR","VCPUs":2,"VMName":"aks-agentpool-42850074-vmss_1","VMProperties":"Microsoft.AKS.Compute.AKS.Linux.Billing"} | x_SkuMeterCategory=Virtual Machines | x_SkuMeterId=14fc9a21-4919-4cb1-b495-5666966556bc | x_SkuMeterSubcategory=Dv2/DSv2 Series | x_SkuOfferId=MS-AZR-0017P | x_SkuOrderId=a965d46f-aedf-4176-8ff1-2617943b8960 | x_SkuOrderName=Reserved VM Instance, Standard_DS1_v2, US East, 1 Year | x_SkuPartNumber=997-03401 | x_SkuRegion=Virginia | x_SkuServiceFamily=Compute | x_SkuTerm=12
            row: 2
        "#]],
    );
    let sp = m.one(|l| l.dims.commitment_discount_type.as_deref() == Some("Savings Plan"));
    check(
        sp,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=8611537 | name=Trey Research Demo (DO NOT USE) | type=Billing Account | currency=USD
            sub_account: id=9ec51cfd-5ca7-4d76-8101-dd0a4abc5674 | name=Trey Research Corporate | type=Subscription
            service: name=Virtual Machine Scale Sets | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=Virtual Machines BS Series - B2s - US East
            periods: billing=2023-09-01T00:00:00+00:00..2023-10-01T00:00:00+00:00 | charge=2023-09-03T00:00:00+00:00..2023-09-04T00:00:00+00:00
            cost: billed=0 | effective=0.006000000468 | list=0.013347594624 | contracted=0.013347594624
            pricing: category=Committed | quantity=0.32085564 | unit=Hours | currency=USD | list_price=0.0416 | contracted_price=0.0416
            consumed: quantity=0.32085564 | unit=Hours
            sku: id=2c57ed84-f939-4f5c-ba90-782349a367b8 | meter=B2s
            region: id=eastus | name=East US
            resource: id=/subscriptions/9ec51cfd-5ca7-4d76-8101-dd0a4abc5674/resourceGroups/MC_ANALYTICSENGINE_ANALYTICSENGINE_EASTUS/providers/Microsoft.Compute/virtualMachineScaleSets/aks-secretagent-37798712-vmss | name=aks-secretagent-37798712-vmss | type=microsoft.compute/virtualmachinescalesets
            commitment: id=/providers/Microsoft.BillingBenefits/savingsPlanOrders/802a9e8b-e860-4d5f-b63b-c5bdf7ee2446/savingsPlans/09ff8291-64ac-45fb-afed-b9b39dbd88d7 | name=Compute_SavingsPlan_11-07-2022_09-55 | category=Spend | type=Savings Plan | status=Used
            tags: aks-managed-createOperationID= | aks-managed-creationSource=vmssclient-aks-secretagent-37798712-vmss | aks-managed-kubeletIdentityClientID=6b18955b-fa04-4011-91e3-adb713ef4034 | aks-managed-operationID=d495e5d1-2c1e-4d2c-9d14-05917c785f6c | aks-managed-orchestrator=Kubernetes:1.23.8 | aks-managed-poolName=secretagent | aks-managed-resourceNameSuffix=42850074 | env=prod | org=trey
            extras: x_AccountName=ACM Team | x_AccountOwnerId=acm@testea.onmicrosoft.com | x_BillingProfileId=8611537 | x_BillingProfileName=Trey Research Demo (DO NOT USE) | x_ChargeType=Usage | x_ConsumedService=Microsoft.Compute | x_CostCenter=ACM9000 | x_EffectiveUnitPrice=0.0187 | x_InvoiceSectionName=ACM | x_PricingBlockSize=1 | x_PricingModel=SavingsPlan | x_PricingUnitDescription=1 Hour | x_PublisherCategory=Azure | x_ResourceGroupName=MC_ANALYTICSENGINE_ANALYTICSENGINE_EASTUS | x_ResourceType=microsoft.compute/virtualmachinescalesets | x_SkuDetails={"ConsumedQuantity":1.0,"ImageType":"Canonical","ServiceType":"Standard_B2s","UsageType":"ComputeHR","VCPUs":2,"VMName":"aks-secretagent-37798712-vmss_1","VMProperties":"Microsoft.AKS.Compute.AKS.Linux.Billing"} | x_SkuMeterCategory=Virtual Machines | x_SkuMeterId=2c57ed84-f939-4f5c-ba90-782349a367b8 | x_SkuMeterSubcategory=BS Series | x_SkuOfferId=MS-AZR-0017P | x_SkuOrderId=802a9e8b-e860-4d5f-b63b-c5bdf7ee2446 | x_SkuOrderName=Compute savings plan, 3 Years | x_SkuPartNumber=AAA-68652 | x_SkuPlanName=B2s | x_SkuRegion=Virginia | x_SkuServiceFamily=Compute | x_SkuTerm=36
            row: 3
        "#]],
    );
}

#[test]
fn azure_ea_export_with_exponents_and_unpadded_dates() {
    let (t, m) = map_file("azure-ea-export.csv");
    assert_eq!(m.format, FormatId::AzureEa);
    assert_eq!(claims(&t.header), vec![FormatId::AzureEa]);
    assert_eq!((m.rows, m.lines.len()), (27, 27));
    let raw = t.sum_by("CostInBillingCurrency", "BillingCurrencyCode")["CAD"];
    let expected = BTreeMap::from([(key(SEP_2023, "CAD"), raw)]);
    assert_eq!(totals(&m, |l| l.billed_cost), expected);
    assert_eq!(totals(&m, |l| l.effective_cost), expected);
    assert_eq!(source_totals(&m), expected);
    assert_eq!(
        m.lines
            .iter()
            .filter(|l| l.dims.pricing_category == Some(PricingCategory::Dynamic))
            .count(),
        3
    );
    assert!(m
        .lines
        .iter()
        .all(|l| l.charge_period_start == SEP_2023 + 86_400));
    assert!(m
        .lines
        .iter()
        .all(|l| l.dims.tags.get("tagA").map(String::as_str) == Some("valueA")));
}

#[test]
fn azure_mca_actual_cost_in_two_currencies() {
    let (t, m) = map_file("azure-mca-actual.csv");
    assert_eq!(m.format, FormatId::AzureMca);
    assert!(m.variant.starts_with("MCA cost details"), "{}", m.variant);
    assert_eq!(claims(&t.header), vec![FormatId::AzureMca]);
    assert_eq!((m.rows, m.lines.len()), (11, 11));
    assert_eq!(m.reconcile_on, ReconcileOn::Billed);

    let raw = t.sum_by("costInBillingCurrency", "billingCurrency");
    assert_eq!(
        raw,
        BTreeMap::from([
            ("EUR".to_string(), dec("165.68")),
            ("USD".to_string(), dec("1406.15"))
        ])
    );
    let billed = BTreeMap::from([
        (key(MAR_2025, "EUR"), dec("165.68")),
        (key(MAR_2025, "USD"), dec("1406.15")),
    ]);
    assert_eq!(totals(&m, |l| l.billed_cost), billed);
    assert_eq!(source_totals(&m), billed);
    // Less the reservation (87.60) and savings plan (100.00) purchases and
    // the reservation refund (-20.00); the marketplace purchase stays.
    assert_eq!(
        totals(&m, |l| l.effective_cost),
        BTreeMap::from([
            (key(MAR_2025, "EUR"), dec("165.68")),
            (key(MAR_2025, "USD"), dec("1238.55"))
        ])
    );

    let refund = m.one(|l| l.dims.charge_class.is_some());
    check(
        refund,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=BP-USD-0001 | name=Contoso US | type=Billing Profile | currency=USD
            sub_account: id=11111111-1111-1111-1111-111111111111 | name=prod-sub | type=Subscription
            service: name=Azure Reservations | category=Management and Governance | subcategory=Cost Management
            charge: category=Purchase | class=Correction | frequency=OneTime | description=Reserved VM Instance, Standard_D2s_v5, US East, 1 Year
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-20T00:00:00+00:00..2025-03-21T00:00:00+00:00
            cost: billed=-20.00 | effective=0 | list=-20.00 | contracted=20.00
            pricing: category=Standard | quantity=1 | unit=Hours | currency=USD | contracted_price=20.00
            region: id=eastus | name=East US
            resource: id=/providers/Microsoft.Capacity/reservationOrders/ro-0001 | name=ro-0001 | type=microsoft.capacity/reservationorders
            commitment: id=/providers/Microsoft.Capacity/reservationOrders/ro-0001/reservations/r-0001 | name=VM_RI_D2sv5 | category=Usage | type=Reservation
            invoice: id=G012345678
            extras: x_BilledCostInUsd=-20.00 | x_BillingAccountId=acct-0001:billing-0001_2019-05-31 | x_BillingAccountName=Contoso Ltd | x_BillingExchangeRate=1 | x_BillingExchangeRateDate=03/01/2025 | x_ChargeType=Refund | x_ConsumedService=Microsoft.Capacity | x_InvoiceSectionId=IS-01 | x_InvoiceSectionName=Engineering | x_PricingBlockSize=1 | x_PricingModel=Reservation | x_PricingUnitDescription=1 Hour | x_PublisherCategory=Azure | x_ResourceType=microsoft.capacity/reservationorders | x_SkuMeterCategory=Virtual Machines
            row: 5
        "#]],
    );
    let rounding = m.one(|l| l.dims.charge_category == ChargeCategory::Adjustment);
    check(
        rounding,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=BP-EUR-0002 | name=Contoso EU | type=Billing Profile | currency=EUR
            service: name=Azure | category=Other | subcategory=Other (Other)
            charge: category=Adjustment | frequency=OneTime | description=Rounding adjustment
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-31T00:00:00+00:00..2025-04-01T00:00:00+00:00
            cost: billed=0.01 | effective=0.01 | list=0.01 | contracted=0.01
            pricing: currency=USD
            invoice: id=G087654321
            extras: PricingCurrencyEffectiveCost=0.01 | x_BilledCostInUsd=0.01 | x_BillingAccountId=acct-0001:billing-0001_2019-05-31 | x_BillingAccountName=Contoso Ltd | x_BillingExchangeRate=0.92 | x_BillingExchangeRateDate=03/01/2025 | x_ChargeType=RoundingAdjustment | x_InvoiceSectionId=IS-01 | x_InvoiceSectionName=Engineering | x_PublisherCategory=Azure
            row: 14
        "#]],
    );
    let marketplace = m.one(|l| l.dims.publisher_name == "Contoso Software");
    check(
        marketplace,
        expect![[r#"
            provider: name=Microsoft | publisher=Contoso Software | issuer=Microsoft
            account: id=BP-EUR-0002 | name=Contoso EU | type=Billing Profile | currency=EUR
            sub_account: id=22222222-2222-2222-2222-222222222222 | name=eu-sub | type=Subscription
            service: name=Azure Marketplace | category=Other | subcategory=Other (Other)
            charge: category=Purchase | frequency=OneTime | description=Contoso Analytics Pro - Monthly, billed "per seat"
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-11T00:00:00+00:00..2025-03-12T00:00:00+00:00
            cost: billed=120.00 | effective=120.00 | list=120.00 | contracted=119.9956
            pricing: category=Standard | quantity=1 | unit=Months | currency=USD | contracted_price=119.9956
            resource: id=/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-eu/providers/Microsoft.SaaS/resources/contoso-analytics | name=contoso-analytics | type=microsoft.saas/resources
            invoice: id=G087654321
            extras: PricingCurrencyContractedUnitPrice=130.43 | PricingCurrencyEffectiveCost=130.43 | x_BilledCostInUsd=130.43 | x_BillingAccountId=acct-0001:billing-0001_2019-05-31 | x_BillingAccountName=Contoso Ltd | x_BillingExchangeRate=0.92 | x_BillingExchangeRateDate=03/01/2025 | x_ChargeType=Purchase | x_ConsumedService=Microsoft.SaaS | x_InvoiceSectionId=IS-01 | x_InvoiceSectionName=Engineering | x_PricingBlockSize=1 | x_PricingModel=OnDemand | x_PricingUnitDescription=1 Month | x_PublisherCategory=Marketplace | x_PublisherId=contoso-software | x_ResourceType=microsoft.saas/resources | x_SkuMeterCategory=SaaS
            row: 13
        "#]],
    );
    assert!(marketplace
        .dims
        .charge_description
        .as_deref()
        .unwrap()
        .contains("\"per seat\""));

    let covered = m.one(|l| l.dims.resource_name.as_deref() == Some("vm-app-01"));
    check(
        covered,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=BP-USD-0001 | name=Contoso US | type=Billing Profile | currency=USD
            sub_account: id=11111111-1111-1111-1111-111111111111 | name=prod-sub | type=Subscription
            service: name=Virtual Machines | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=Virtual Machines Dv5 Series, D2s v5 - US East
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-05T00:00:00+00:00..2025-03-06T00:00:00+00:00
            cost: billed=0 | effective=0 | list=2.304 | contracted=2.304
            pricing: category=Committed | quantity=24 | unit=Hours | currency=USD | list_price=0.096 | contracted_price=0.096
            consumed: quantity=24 | unit=Hours
            sku: id=DZH318Z0BQ4L | meter=D2s v5
            region: id=eastus | name=East US
            resource: id=/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-app-01 | name=vm-app-01 | type=microsoft.compute/virtualmachines
            commitment: id=/providers/Microsoft.Capacity/reservationOrders/ro-0001/reservations/r-0001 | name=VM_RI_D2sv5 | category=Usage | type=Reservation | status=Used
            invoice: id=G012345678
            tags: env=prod | team=app, web
            extras: x_BilledCostInUsd=0 | x_BillingAccountId=acct-0001:billing-0001_2019-05-31 | x_BillingAccountName=Contoso Ltd | x_BillingExchangeRate=1 | x_BillingExchangeRateDate=03/01/2025 | x_ChargeType=Usage | x_ConsumedService=Microsoft.Compute | x_EffectiveUnitPrice=0 | x_InvoiceSectionId=IS-01 | x_InvoiceSectionName=Engineering | x_PricingBlockSize=1 | x_PricingModel=Reservation | x_PricingUnitDescription=1 Hour | x_PublisherCategory=Azure | x_ResourceGroupName=rg-app | x_ResourceType=microsoft.compute/virtualmachines | x_SkuMeterCategory=Virtual Machines | x_SkuMeterId=8b2c6a1e-0000-4c1a-9a55-000000000001 | x_SkuMeterSubcategory=Dv5 Series | x_SkuRegion=US East | x_SkuServiceFamily=Compute
            row: 3
        "#]],
    );

    let storage = m.one(|l| l.dims.service_name == "Storage Accounts");
    check(
        storage,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=BP-USD-0001 | name=Contoso US | type=Billing Profile | currency=USD
            sub_account: id=11111111-1111-1111-1111-111111111111 | name=prod-sub | type=Subscription
            service: name=Storage Accounts | category=Storage | subcategory=Storage Platforms
            charge: category=Usage | frequency=UsageBased | description=Blob Storage, Hot, LRS, Data Stored
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-07T00:00:00+00:00..2025-03-08T00:00:00+00:00
            cost: billed=1234.50 | effective=1234.50 | list=1234.50 | contracted=1234.50
            pricing: category=Standard | quantity=61725 | unit=GB/Month | currency=USD | list_price=0.02 | contracted_price=0.02
            consumed: quantity=61725 | unit=GB/Month
            sku: id=DZH318Z0BPVW | meter=Hot LRS Data Stored
            region: id=eastus | name=East US
            resource: id=/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdata01 | name=stdata01 | type=microsoft.storage/storageaccounts
            invoice: id=G012345678
            tags: cost-center=42 | team=data
            extras: x_BilledCostInUsd=1,234.50 | x_BillingAccountId=acct-0001:billing-0001_2019-05-31 | x_BillingAccountName=Contoso Ltd | x_BillingExchangeRate=1 | x_BillingExchangeRateDate=03/01/2025 | x_ChargeType=Usage | x_ConsumedService=Microsoft.Storage | x_EffectiveUnitPrice=0.02 | x_InvoiceSectionId=IS-01 | x_InvoiceSectionName=Engineering | x_PricingBlockSize=1 | x_PricingModel=OnDemand | x_PricingUnitDescription=1 GB/Month | x_PublisherCategory=Azure | x_ResourceGroupName=rg-data | x_ResourceType=microsoft.storage/storageaccounts | x_SkuDetails={"Redundancy":"LRS","Tier":"Hot"} | x_SkuMeterCategory=Storage | x_SkuMeterSubcategory=Hot Block Blob | x_SkuRegion=US East | x_SkuServiceFamily=Storage
            row: 6
        "#]],
    );
    let extras = storage.extras.as_deref().unwrap();
    // AdditionalInfo is kept as x_SkuDetails: FOCUS SkuPriceDetails
    // describes a SkuPriceId, which cost details do not have.
    assert!(
        !extras.contains("SkuPriceDetails")
            && extras.contains("x_SkuDetails")
            && extras.contains("Redundancy"),
        "{extras}"
    );
    let nulls = m.one(|l| {
        l.dims.service_name == "Virtual Network"
            || l.dims.resource_name.as_deref() == Some("pip-app")
    });
    check(
        nulls,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=BP-USD-0001 | name=Contoso US | type=Billing Profile | currency=USD
            sub_account: id=11111111-1111-1111-1111-111111111111 | name=prod-sub | type=Subscription
            service: name=Virtual Network | category=Networking | subcategory=Network Infrastructure
            charge: category=Usage | frequency=UsageBased | description=Bandwidth - Data Transfer Out, Zone 1
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-09T00:00:00+00:00..2025-03-10T00:00:00+00:00
            cost: billed=3.30 | effective=3.30 | list=3.3000 | contracted=3.3000
            pricing: category=Standard | quantity=37.5 | unit=GB | currency=USD | list_price=0.088 | contracted_price=0.088
            consumed: quantity=37.5 | unit=GB
            region: id=eastus | name=East US
            resource: id=/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-app/providers/Microsoft.Network/publicIPAddresses/pip-app | name=pip-app | type=microsoft.network/publicipaddresses
            invoice: id=G012345678
            extras: x_BilledCostInUsd=3.30 | x_BillingAccountId=acct-0001:billing-0001_2019-05-31 | x_BillingAccountName=Contoso Ltd | x_BillingExchangeRate=1 | x_BillingExchangeRateDate=03/01/2025 | x_ChargeType=Usage | x_ConsumedService=Microsoft.Network | x_EffectiveUnitPrice=0.088 | x_InvoiceSectionId=IS-01 | x_InvoiceSectionName=Engineering | x_PricingBlockSize=1 | x_PricingModel=OnDemand | x_PricingUnitDescription=1 GB | x_PublisherCategory=Azure | x_ResourceGroupName=rg-app | x_ResourceType=microsoft.network/publicipaddresses | x_SkuMeterCategory=Bandwidth
            row: 11
        "#]],
    );
    let sql = m.one(|l| l.dims.billing_currency == "EUR" && l.dims.service_category == "Databases");
    // Unit prices are in the pricing currency: 0.4964 USD at 0.92.
    check(
        sql,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=BP-EUR-0002 | name=Contoso EU | type=Billing Profile | currency=EUR
            sub_account: id=22222222-2222-2222-2222-222222222222 | name=eu-sub | type=Subscription
            service: name=Azure SQL Database | category=Databases | subcategory=Relational Databases
            charge: category=Usage | frequency=UsageBased | description=SQL Database General Purpose, Compute Gen5
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-10T00:00:00+00:00..2025-03-11T00:00:00+00:00
            cost: billed=45.67 | effective=45.67 | list=45.67 | contracted=45.668800
            pricing: category=Standard | quantity=100 | unit=Hours | currency=USD | list_price=0.456688 | contracted_price=0.456688
            consumed: quantity=100 | unit=Hours
            region: id=westeurope | name=West Europe
            resource: id=/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-eu/providers/Microsoft.Sql/servers/sql-eu/databases/orders | name=orders | type=microsoft.sql/servers/databases
            invoice: id=G087654321
            tags: team=orders
            extras: PricingCurrencyContractedUnitPrice=0.4964 | PricingCurrencyEffectiveCost=49.64 | PricingCurrencyListUnitPrice=0.4964 | x_BilledCostInUsd=49.64 | x_BillingAccountId=acct-0001:billing-0001_2019-05-31 | x_BillingAccountName=Contoso Ltd | x_BillingExchangeRate=0.92 | x_BillingExchangeRateDate=03/01/2025 | x_ChargeType=Usage | x_ConsumedService=Microsoft.Sql | x_EffectiveUnitPrice=0.4964 | x_InvoiceSectionId=IS-01 | x_InvoiceSectionName=Engineering | x_PricingBlockSize=1 | x_PricingModel=OnDemand | x_PricingUnitDescription=1 Hour | x_PublisherCategory=Azure | x_ResourceGroupName=rg-eu | x_ResourceType=microsoft.sql/servers/databases | x_SkuMeterCategory=SQL Database | x_SkuMeterSubcategory=General Purpose
            row: 12
        "#]],
    );
}

#[test]
fn azure_mca_amortized_cost_in_two_currencies() {
    let (t, m) = map_file("azure-mca-amortized.csv");
    assert_eq!(m.format, FormatId::AzureMca);
    assert_eq!((m.rows, m.lines.len()), (12, 12));
    assert_eq!(m.reconcile_on, ReconcileOn::Effective);

    let raw = t.sum_by("costInBillingCurrency", "billingCurrency");
    let effective = BTreeMap::from([
        (key(MAR_2025, "EUR"), raw["EUR"]),
        (key(MAR_2025, "USD"), raw["USD"]),
    ]);
    assert_eq!(raw["USD"], dec("1245.05"));
    assert_eq!(totals(&m, |l| l.effective_cost), effective);
    assert_eq!(source_totals(&m), effective);
    assert_eq!(
        totals(&m, |l| l.billed_cost),
        BTreeMap::from([
            (key(MAR_2025, "EUR"), dec("165.68")),
            (key(MAR_2025, "USD"), dec("1238.55"))
        ])
    );

    let unused: Vec<_> = m
        .lines
        .iter()
        .filter(|l| l.commitment_discount_status.as_deref() == Some("Unused"))
        .collect();
    assert_eq!(unused.len(), 2);
    for l in &unused {
        assert_eq!(
            (l.dims.charge_category, l.billed_cost, l.list_cost),
            (ChargeCategory::Usage, Decimal::ZERO, Decimal::ZERO)
        );
    }
    assert_eq!(
        unused.iter().map(|l| l.effective_cost).sum::<Decimal>(),
        dec("0.52")
    );
    let ri = m.one(|l| l.dims.resource_name.as_deref() == Some("vm-app-01"));
    assert!(ri
        .dims
        .capacity_reservation_id
        .as_deref()
        .unwrap()
        .ends_with("/capacityReservations/cr-1"));
    // Dates in ISO form here.
    check(
        ri,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=BP-USD-0001 | name=Contoso US | type=Billing Profile | currency=USD
            sub_account: id=11111111-1111-1111-1111-111111111111 | name=prod-sub | type=Subscription
            service: name=Virtual Machines | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=Virtual Machines Dv5 Series, D2s v5 - US East
            periods: billing=2025-03-01T00:00:00+00:00..2025-04-01T00:00:00+00:00 | charge=2025-03-05T00:00:00+00:00..2025-03-06T00:00:00+00:00
            cost: billed=0 | effective=2.88 | list=2.304 | contracted=2.304
            pricing: category=Committed | quantity=24 | unit=Hours | currency=USD | list_price=0.096 | contracted_price=0.096
            consumed: quantity=24 | unit=Hours
            sku: id=DZH318Z0BQ4L | meter=D2s v5
            region: id=eastus | name=East US
            resource: id=/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-app-01 | name=vm-app-01 | type=microsoft.compute/virtualmachines
            commitment: id=/providers/Microsoft.Capacity/reservationOrders/ro-0001/reservations/r-0001 | name=VM_RI_D2sv5 | category=Usage | type=Reservation | status=Used
            capacity_reservation: id=/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-app/providers/Microsoft.Compute/capacityReservationGroups/crg-1/capacityReservations/cr-1 | status=Used
            tags: env=prod | team=app, web
            extras: x_BilledCostInUsd=2.88 | x_BillingAccountId=acct-0001:billing-0001_2019-05-31 | x_BillingAccountName=Contoso Ltd | x_BillingExchangeRate=1 | x_BillingExchangeRateDate=2025-03-01 | x_ChargeType=Usage | x_ConsumedService=Microsoft.Compute | x_EffectiveUnitPrice=0.12 | x_InvoiceSectionId=IS-01 | x_InvoiceSectionName=Engineering | x_PricingBlockSize=1 | x_PricingModel=Reservation | x_PricingUnitDescription=1 Hour | x_PublisherCategory=Azure | x_ResourceGroupName=rg-app | x_ResourceType=microsoft.compute/virtualmachines | x_SkuDetails={"ServiceType":"Standard_D2s_v5","VCPUs":2,"VMCapacityReservationId":"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-app/providers/Microsoft.Compute/capacityReservationGroups/crg-1/capacityReservations/cr-1"} | x_SkuMeterCategory=Virtual Machines | x_SkuMeterId=8b2c6a1e-0000-4c1a-9a55-000000000001 | x_SkuMeterSubcategory=Dv5 Series | x_SkuRegion=US East | x_SkuServiceFamily=Compute
            row: 3
        "#]],
    );
    assert!(m.lines.iter().all(|l| l.billing_period_end == APR_2025));
}

#[test]
fn azure_lines_in_focus_terms() {
    for name in [
        "azure-ea-actual.csv",
        "azure-ea-amortized.csv",
        "azure-ea-export.csv",
        "azure-mca-actual.csv",
        "azure-mca-amortized.csv",
    ] {
        check_focus_terms(name, &map_file(name).1);
    }
    let (_, m) = map_file("azure-ea-amortized.csv");
    // 10K: priced per block of 10,000 operations, and the file counts blocks.
    let ops = m.one(|l| l.dims.sku_meter.as_deref() == Some("Disk Operations"));
    // EA has no product id: the meter is the SKU.
    check(
        ops,
        expect![[r#"
            provider: name=Microsoft | publisher=Microsoft | issuer=Microsoft
            account: id=8611537 | name=Trey Research Demo (DO NOT USE) | type=Billing Account | currency=USD
            sub_account: id=64e355d7-997c-491d-b0c1-8414dccfcf42 | name=Trey Research R&D Playground | type=Subscription
            service: name=Azure Machine Learning | category=AI and Machine Learning | subcategory=Machine Learning
            charge: category=Usage | frequency=UsageBased | description=Standard HDD Managed Disks - Disk Operations
            periods: billing=2023-09-01T00:00:00+00:00..2023-10-01T00:00:00+00:00 | charge=2023-09-17T00:00:00+00:00..2023-09-18T00:00:00+00:00
            cost: billed=0.00006755 | effective=0.00006755 | list=0.00006755 | contracted=0.00006755
            pricing: category=Standard | quantity=0.1351 | unit=10000 Units | currency=USD | list_price=0.0005 | contracted_price=0.0005
            consumed: quantity=0.1351 | unit=10000 Units
            sku: id=82cd70ab-1aee-4b30-bc04-8b71e1204dbc | meter=Disk Operations
            region: id=eastus2 | name=East US 2
            resource: id=/subscriptions/64e355d7-997c-491d-b0c1-8414dccfcf42/resourceGroups/devtestlab/providers/Microsoft.MachineLearningServices/workspaces/zmltestplayground | name=zmltestplayground | type=microsoft.machinelearningservices/workspaces
            tags: ComputeType=Compute Instance | CostAllocationTest=Sameer
            extras: x_AccountName=ACM Team | x_AccountOwnerId=acm@testea.onmicrosoft.com | x_BillingProfileId=8611537 | x_BillingProfileName=Trey Research Demo (DO NOT USE) | x_ChargeType=Usage | x_ConsumedService=Microsoft.MachineLearningServices | x_CostCenter=ACM9000 | x_EffectiveUnitPrice=0.0005 | x_InvoiceSectionName=ACM | x_PricingBlockSize=10000 | x_PricingModel=OnDemand | x_PricingUnitDescription=10K | x_PublisherCategory=Azure | x_ResourceGroupName=devtestlab | x_ResourceType=microsoft.machinelearningservices/workspaces | x_SkuDetails={"AMLResourceType":"Provisioner.Batch","AccountName":"bai52238044515004711258a","AmlWorkspaceId":"32ef54ad-3016-47b1-bc5c-d1f26560cc18","ClusterType":"DSI","EmittingService":"Machine Learning Service - Non DSVM","HostSubscriptionId":"2b56c433-734a-4e64-8dce-4d9f93075804","NodeType":"Dedicated","PoolAllocationMode":"BatchService","PoolName":"azurepc_84f29f84-4ac2-4286-9879-731da9be5607","Processor_Version":"BillingProcessorV2","SourceEventId":"bfd86a94-88ee-e513-e7b3-e591fe656019","SourceResourceProvider":"Batch","UsageType":"disks"} | x_SkuMeterCategory=Storage | x_SkuMeterId=82cd70ab-1aee-4b30-bc04-8b71e1204dbc | x_SkuMeterSubcategory=Standard HDD Managed Disks | x_SkuOfferId=MS-AZR-0148P | x_SkuPartNumber=N9H-01263 | x_SkuPlanName=S4 | x_SkuServiceFamily=Compute
            row: 4
        "#]],
    );
    let x: serde_json::Value = serde_json::from_str(ops.extras.as_deref().unwrap()).unwrap();
    assert_eq!(x["x_PricingUnitDescription"], "10K");
    assert_eq!(x["x_PricingBlockSize"], "10000");
    let units: BTreeSet<&str> = m
        .lines
        .iter()
        .filter_map(|l| l.dims.pricing_unit.as_deref())
        .collect();
    assert_eq!(
        units,
        BTreeSet::from([
            "10000 Units",
            "GB",
            "GB/Month",
            "Hours",
            "Units/Day",
            "Units/Month"
        ])
    );
    for l in &m.lines {
        assert!(l.dims.sku_meter.is_none() || l.dims.sku_id.is_some());
        assert!(l.dims.service_subcategory.is_some());
        assert!(!l
            .extras
            .as_deref()
            .is_some_and(|x| x.contains("SkuPriceDetails")));
    }

    // A meter category standing in for the service name takes that
    // name's category, whatever service consumed it.
    let (_, m) = map_file("azure-ea-export.csv");
    let vnet: BTreeSet<(&str, Option<&str>)> = m
        .lines
        .iter()
        .filter(|l| l.dims.service_name == "Virtual Network")
        .map(|l| {
            (
                l.dims.service_category.as_str(),
                l.dims.service_subcategory.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        vnet,
        BTreeSet::from([("Networking", Some("Network Infrastructure"))])
    );

    // Priced in USD, billed in EUR: the pricing-currency figures are the
    // file's own.
    let (_, m) = map_file("azure-mca-actual.csv");
    // Pinned whole by the MCA mapping test above.
    let sql = m.one(|l| l.dims.service_name == "Azure SQL Database");
    let x: serde_json::Value = serde_json::from_str(sql.extras.as_deref().unwrap()).unwrap();
    assert_eq!(x["PricingCurrencyEffectiveCost"], "49.64");
    assert_eq!(x["PricingCurrencyListUnitPrice"], "0.4964");
}
